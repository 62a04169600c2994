import { quoteIdent as quoteCol } from '../../../../shared/postgres/quote';
import { fail, ok, type Result } from '../../../../shared/result';
import type { BatchResolveItem, BatchResolveResult, KeyReading, KeyTarget } from '../../../core/driver';
import type { ApplyConflict } from './apply-conflict';
import type { PgNodeHandle } from './inspect';
import { tableText } from './local-relation';
import { planResolution } from './resolve-plan';
import type { BatchPlan } from './resolve-batch-run';

/** What the batch needs of a tracked conflict. */
export interface BatchTracked {
  conflict: ApplyConflict;
  status: 'open' | 'resolved';
}

/** Plans every item; groups the plans by the subscriber node they run on. Items that cannot be planned fail alone. */
export function planBatch(items: BatchResolveItem[], get: (id: string) => BatchTracked | undefined): { byNode: Map<string, BatchPlan[]>; failed: Map<string, Result<never>> } {
  const byNode = new Map<string, BatchPlan[]>();
  const failed = new Map<string, Result<never>>();
  for (const it of items) {
    const t = get(it.conflictId);
    if (!t) failed.set(it.conflictId, fail('unknown-conflict', `the PostgreSQL driver has no conflict ${it.conflictId}`));
    else if (t.status === 'resolved') failed.set(it.conflictId, fail('conflict-resolved', `conflict ${it.conflictId} is already resolved`));
    else {
      const plan = planResolution(t.conflict, it.value);
      if (!plan.ok) failed.set(it.conflictId, plan);
      else {
        const { mode } = plan.value;
        const value = mode === 'take-remote' ? null : (it.value as Record<string, unknown> | null);
        const row = mode !== 'keep-local' && t.conflict.key ? { id: it.conflictId, key: t.conflict.key, value } : undefined;
        const list = byNode.get(plan.value.nodeId) ?? [];
        byNode.set(plan.value.nodeId, list);
        list.push({ conflictId: it.conflictId, plan: plan.value, ...(row ? { row } : {}) });
      }
    }
  }
  return { byNode, failed };
}

/** The per-item results in the items' order. */
export function inOrder(items: BatchResolveItem[], results: Map<string, Result<{ nodeId: string; detail: string }>>): BatchResolveResult[] {
  return items.map((it) => ({ conflictId: it.conflictId, result: results.get(it.conflictId) ?? fail('no-result', 'no result for this conflict') }));
}

/**
 * The keys of many conflicts read on every node, one query per node per table: the keys go as one jsonb
 * array parameter (each key typed by the table's own columns with jsonb_populate_record), never spliced.
 */
export async function readConflictKeys(nodes: PgNodeHandle[], targets: KeyTarget[], conflictOf: (id: string) => Pick<ApplyConflict, 'table' | 'key' | 'subscriberId'> | undefined): Promise<KeyReading[][]> {
  const out: KeyReading[][] = targets.map(() => []);
  const groups = new Map<string, { table: NonNullable<ApplyConflict['table']>; columns: string[]; at: number[]; keys: Record<string, string>[] }>();
  targets.forEach((t, i) => {
    const c = conflictOf(t.conflictId);
    if (!c?.table || !c.key) {
      out[i] = [{ nodeId: c?.subscriberId ?? 'postgres', result: fail('details-unknown', 'the table and key of this conflict are not known') }];
      return;
    }
    const g = `${tableText(c.table)}|${c.key.columns.join(',')}`;
    const group = groups.get(g) ?? { table: c.table, columns: c.key.columns, at: [], keys: [] };
    groups.set(g, group);
    group.at.push(i);
    group.keys.push(Object.fromEntries(c.key.columns.map((col, j) => [col, c.key!.values[j]!])));
  });
  const signal = new AbortController().signal;
  for (const g of groups.values()) {
    const table = tableText(g.table);
    const on = g.columns.map((col) => `t.${quoteCol(col)} = (jsonb_populate_record(NULL::${table}, k.key)).${quoteCol(col)}`).join(' AND ');
    const sql = `SELECT k.ord::int AS ord, to_jsonb(t) AS value FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS k(key, ord) LEFT JOIN ${table} t ON ${on} ORDER BY k.ord`;
    const readings = await Promise.all(
      nodes.map(async (n) => ({ nodeId: n.id, rows: await n.conn.query<{ ord: number; value: unknown }>(sql, signal, undefined, [JSON.stringify(g.keys)]) })),
    );
    const byOrd = readings.map(({ nodeId, rows }) => ({ nodeId, rows, at: new Map(rows.ok ? rows.value.map((r) => [Number(r.ord), r.value]) : []) }));
    g.at.forEach((i, j) => {
      out[i] = byOrd.map(({ nodeId, rows, at }): KeyReading => {
        if (!rows.ok) return { nodeId, result: rows };
        const value = at.get(j + 1) ?? null;
        return { nodeId, result: ok({ value, versions: value === null ? 0 : 1, conflictId: null }) };
      });
    });
  }
  return out;
}
