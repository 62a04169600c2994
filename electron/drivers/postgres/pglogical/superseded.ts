import { fail, ok, type Result } from '../../../../shared/result';
import { canonical } from '../../../core/conflicts/convergence';
import type { NodeConnection } from '../node-connection';
import { readRow } from '../conflicts/table-rows';
import type { PgNodeHandle } from '../conflicts/inspect';
import type { ConflictGroup } from './conflict-group';
import { readGroupKeys } from './key-readings';

/** What an overturn must know of its decision to tell whether a later change replaced the row since. */
export interface DecisionRow {
  g: ConflictGroup;
  /** The value the engine kept (undefined: the nodes kept different versions). */
  kept: unknown;
  /** Every version of the decision (to_jsonb form; null: a deletion). */
  versions: unknown[];
}

const shown = (v: unknown) => (v === null ? 'no row' : JSON.stringify(v));

/**
 * Null when the row now on the writing node is still what this decision left (the kept version; where the
 * nodes kept different ones, one of the decision's versions) or already the value to write; otherwise why the
 * decision is superseded. Read by OID-named table and bound key values (table-rows.ts).
 */
export async function supersededBy(conn: NodeConnection | null, d: DecisionRow, value: unknown, signal: AbortSignal): Promise<Result<string | null>> {
  const key = d.g.first.key;
  if (!conn || !key) return fail('unknown-node', 'the node the overturn is written on cannot be read: nothing was written');
  const r = await readRow(conn, d.g.first.table, key, signal);
  return r.ok ? ok(staleReason(d, r.value.value, value)) : r;
}

/** Null when `current` (the row now on the writing node) is still what the decision left, or already `value`. */
export function staleReason(d: Omit<DecisionRow, 'g'>, current: unknown, value: unknown): string | null {
  const now = canonical(current);
  const still = d.kept === undefined ? d.versions.some((v) => canonical(v) === now) : canonical(d.kept) === now;
  return still || canonical(value) === now ? null : `the row changed since this decision (now ${shown(current)}); review the later one`;
}

/** Many decisions at once: per writing node one read per table (key-readings.ts), then `staleReason` each. */
export async function supersededMany(
  nodes: PgNodeHandle[],
  groups: readonly ConflictGroup[],
  items: { id: string; nodeId: string; decision: DecisionRow; value: unknown }[],
): Promise<Map<string, Result<string | null>>> {
  const out = new Map<string, Result<string | null>>();
  for (const nodeId of new Set(items.map((i) => i.nodeId))) {
    const mine = items.filter((i) => i.nodeId === nodeId);
    const node = nodes.find((n) => n.id === nodeId);
    const readings = node ? await readGroupKeys([node], groups, mine.map((i) => ({ key: i.decision.g.first.keyText, conflictId: i.id, table: i.decision.g.first.tableText }))) : [];
    mine.forEach((it, n) => {
      const r = readings[n]?.[0]?.result ?? fail('unknown-node', `${nodeId} cannot be read: nothing was written`);
      out.set(it.id, r.ok ? ok(staleReason(it.decision, r.value.value, it.value)) : r);
    });
  }
  return out;
}

/** The message of a superseded decision, as a refusal. */
export const supersededFail = (reason: string) => fail('superseded', reason);
