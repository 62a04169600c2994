import { describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/result';
import { reviewBatch, type PlannedReview } from '../../../../electron/drivers/postgres/pglogical/bulk-overturn';
import type { ResolutionPlan } from '../../../../electron/drivers/postgres/conflicts/resolve-plan';

const plan = { nodeId: 'n1', table: { oid: 1, schema: 'public', name: 'items' } } as unknown as ResolutionPlan;
const review = (row: string, at: number, overturn = true): PlannedReview => ({ plan: overturn ? plan : null, nodeId: 'n1', key: { columns: ['id'], values: [row] }, row: `items|id=${row}`, at });

describe('pglogical bulk review: never over newer data', () => {
  it('acts on the newest decision per row only, and writes nothing for a decision whose row changed since', async () => {
    const plans: Record<string, PlannedReview> = { old: review('1', 10), newer: review('1', 20), moved: review('2', 10), oldAccept: review('3', 5, false), newAccept: review('3', 6, false) };
    const checked: string[] = [];
    const settled: string[] = [];
    const out = await reviewBatch(
      Object.keys(plans).map((id) => ({ conflictId: id, value: { id }, how: 'bulk' })),
      {
        plan: (id) => ok(plans[id]!),
        targetOf: () => null,
        timeouts: { connectMs: 1_000, queryMs: 1_000 } as never,
        now: () => 0,
        settle: (id) => void settled.push(id),
        superseded: async (items) => {
          checked.push(...items.map((i) => i.id));
          return new Map(items.map((i) => [i.id, ok(i.id === 'moved' ? 'the row changed since this decision (now {"val":"v3"}); review the later one' : null)]));
        },
      },
    );
    const by = Object.fromEntries(out.map((r) => [r.conflictId, r.result]));
    expect(checked.sort()).toEqual(['moved', 'newer']);
    expect(by.old).toMatchObject({ ok: false, code: 'superseded' });
    expect(by.old!.ok || by.old!.reason).toContain('a later decision on this row (newer)');
    expect(by.moved).toMatchObject({ ok: false, code: 'superseded', reason: 'the row changed since this decision (now {"val":"v3"}); review the later one' });
    // The newest reached the write (no target here: refused as an unknown node), the older accept is superseded.
    expect(by.newer).toMatchObject({ ok: false, code: 'unknown-node' });
    expect(by.oldAccept).toMatchObject({ ok: false, code: 'superseded' });
    expect(by.newAccept).toMatchObject({ ok: true });
    expect(settled).toEqual(['newAccept']);
  });
});
