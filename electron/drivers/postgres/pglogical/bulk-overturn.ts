import type { Timeouts } from '../../../../shared/model/cluster';
import { fail, ok, type Result } from '../../../../shared/result';
import type { BatchResolveItem, BatchResolveResult } from '../../../core/driver';
import type { PgTarget } from '../conn-string';
import type { KeyValues } from '../conflicts/local-relation';
import type { ResolutionPlan } from '../conflicts/resolve-plan';
import { runSetBatchOnNode, type TableRows } from '../conflicts/set-batch-run';

/** What the batch needs of one engine decision: its single-conflict plan (overturn-plan.ts; null: accept) and key. */
export interface PlannedReview {
  plan: ResolutionPlan | null;
  nodeId: string;
  key: KeyValues;
  /** `table|key`: one decision per row is acted on in a batch. */
  row: string;
  /** When the decision was made (the newest per row is kept). */
  at: number;
}

export interface BulkReviewDeps {
  plan(conflictId: string, value: unknown): Result<PlannedReview>;
  targetOf(nodeId: string): PgTarget | null;
  timeouts: Timeouts;
  now(): number;
  /** Records the review on the decision (accepted or overturned) once it is done. */
  settle(conflictId: string, review: 'accepted' | 'overturned', how: string, value: unknown): void;
  /** Just before the overturns are written on `nodeId` (to recognise them when they come back: overturn-echo.ts). */
  writing?(nodeId: string, rows: { id: string; value: unknown }[]): Promise<void>;
  /** Per overturn, why a later change replaced the row since its decision (null: it did not), read on the node written. */
  superseded(items: { id: string; value: unknown }[]): Promise<Map<string, Result<string | null>>>;
  /** An overturn that was not written. */
  notWritten?(conflictId: string): void;
}

/**
 * Bulk review of pglogical's decisions: an accept writes nothing (the review is recorded); the overturns are
 * grouped by the node they are written on (the node that logged the conflict first) and by table, and
 * written set-based, one transaction per node (set-batch-run.ts), as new changes pglogical sends to every
 * other node. A refused value fails alone. Results in the items' order.
 * Never over newer data: of several decisions on one row only the newest is acted on, and an overturn whose
 * row changed since its decision (superseded.ts) writes nothing; both are reported `superseded` by key. So a
 * node's set statement holds one row per key, and its row-by-row fallback cannot land an older value last.
 */
export async function reviewBatch(items: BatchResolveItem[], d: BulkReviewDeps): Promise<BatchResolveResult[]> {
  const results = new Map<string, Result<{ nodeId: string; detail: string }>>();
  const byNode = new Map<string, Map<number, TableRows>>();
  const wanted = new Map(items.map((i) => [i.conflictId, i]));
  const planned = items.map((it) => ({ it, p: d.plan(it.conflictId, it.value) }));
  const newest = new Map<string, PlannedReview & { id: string }>();
  for (const { it, p } of planned) {
    if (!p.ok) continue;
    const had = newest.get(p.value.row);
    if (!had || p.value.at > had.at) newest.set(p.value.row, { ...p.value, id: it.conflictId });
  }
  const checks = await d.superseded(planned.filter(({ it, p }) => p.ok && p.value.plan && newest.get(p.value.row)?.id === it.conflictId).map(({ it }) => ({ id: it.conflictId, value: it.value })));
  for (const { it, p } of planned) {
    if (!p.ok) {
      results.set(it.conflictId, p);
      continue;
    }
    const later = newest.get(p.value.row);
    if (later && later.id !== it.conflictId) {
      results.set(it.conflictId, fail('superseded', `a later decision on this row (${later.id}) is in the same batch; review the later one: nothing was written for this one`));
      continue;
    }
    const check = p.value.plan ? (checks.get(it.conflictId) ?? fail('not-read', 'the row could not be read before writing: nothing was written')) : ok(null);
    if (!check.ok || check.value !== null) {
      results.set(it.conflictId, check.ok ? fail('superseded', check.value!) : check);
      continue;
    }
    if (!p.value.plan) {
      d.settle(it.conflictId, 'accepted', `${it.how}: accepted the engine’s decision`, it.value);
      results.set(it.conflictId, ok({ nodeId: p.value.nodeId, detail: 'accepted the engine’s decision: nothing written' }));
      continue;
    }
    const tables = byNode.get(p.value.plan.nodeId) ?? new Map<number, TableRows>();
    byNode.set(p.value.plan.nodeId, tables);
    const t = p.value.plan.table;
    const group = tables.get(t.oid) ?? { table: { oid: t.oid, schema: t.schema, name: t.name }, rows: [] };
    tables.set(t.oid, group);
    group.rows.push({ id: it.conflictId, key: p.value.key, value: it.value as Record<string, unknown> | null });
  }
  await Promise.all(
    [...byNode].map(async ([nodeId, tables]) => {
      const target = d.targetOf(nodeId);
      const groups = [...tables.values()];
      if (target) await d.writing?.(nodeId, groups.flatMap((g) => g.rows.map((r) => ({ id: r.id, value: r.value }))));
      const ran = target ? await runSetBatchOnNode(target, d.timeouts, d.now, nodeId, groups, new AbortController().signal) : null;
      for (const row of groups.flatMap((g) => g.rows)) {
        const r = ran?.get(row.id) ?? fail('unknown-node', `${nodeId} is no longer a node of this cluster`);
        if (r.ok) d.settle(row.id, 'overturned', `${wanted.get(row.id)?.how ?? 'bulk'}: overturned the engine’s decision`, row.value);
        else d.notWritten?.(row.id);
        results.set(row.id, r.ok ? ok({ nodeId, detail: r.value }) : r);
      }
    }),
  );
  return items.map((it) => ({ conflictId: it.conflictId, result: results.get(it.conflictId) ?? fail('no-result', 'no result for this conflict') }));
}
