import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkResolve } from '../../electron/core/conflicts/bulk-resolve';
import type { ConflictEvent } from '../../shared/model/conflict';
import { FIRST_ID, bulkRows, makeBulkConflicts } from '../harness/pglogical-bulk-scenario';
import { createPglRig, type PglRig } from '../harness/pglogical-rig';

/**
 * Bulk review of pglogical's decisions on a real 3-node mesh (last_update_wins): COUNT update/update
 * conflicts made in bulk (n1 then n2 update every key during a partition, healed), overturned in bulk by
 * "prefer n1" (restore the losing version), written set-based on one node per conflict, read back equal
 * on all three nodes by SQL. One of n1's values is refused by a CHECK added after the engine's decisions:
 * it fails alone, listed by key, and its row keeps n2's version everywhere.
 */
const COUNT = Number(process.env.PGL_BULK_COUNT ?? 200);
const POISON = FIRST_ID + 7;
let rig: PglRig;
let decisions: ConflictEvent[] = [];

beforeAll(async () => {
  rig = await createPglRig({ resolution: 'last_update_wins' });
  decisions = await makeBulkConflicts(rig, COUNT, POISON);
  // pglogical does not replicate DDL: the same constraint on each node (every row holds n2's value by now).
  for (const n of rig.mesh.nodes) await n.query(`ALTER TABLE items ADD CONSTRAINT no_poison CHECK (val IS DISTINCT FROM 'poison')`);
}, 360_000);

afterAll(async () => {
  await rig?.stop();
}, 60_000);

describe('bulk review of pglogical decisions', () => {
  it(`overturns ${COUNT} engine decisions in batches, all three nodes equal by SQL, the poisoned value failing alone`, async () => {
    expect(decisions.length).toBe(COUNT);
    expect(decisions.every((c) => c.engineDecision?.kept !== null && c.versions[c.engineDecision!.kept!]?.origin === 'n2')).toBe(true);
    const t0 = performance.now();
    const r = await bulkResolve(rig.service, 'test-cluster', { policy: 'prefer-node', node: 'n1' }, decisions.map((c) => c.id));
    const seconds = (performance.now() - t0) / 1_000;
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    console.log(`pgl bulk: ${r.value.resolvedCount}/${COUNT} overturned in ${seconds.toFixed(2)} s (${(r.value.resolvedCount / seconds).toFixed(1)}/s, ${r.value.batches} batches)`);
    expect(r.value.mode).toBe('batch');
    expect(r.value.resolvedCount).toBe(COUNT - 1);
    expect(r.value.failed).toHaveLength(1);
    expect(r.value.failed[0]).toMatchObject({ key: `public.items/id=${POISON}`, stage: 'write' });
    expect(r.value.failed[0]!.reason).toContain('no_poison');
    const [a, b, c] = [await bulkRows(rig, 'n1', COUNT), await bulkRows(rig, 'n2', COUNT), await bulkRows(rig, 'n3', COUNT)];
    expect(b).toBe(a);
    expect(c).toBe(a);
    const rows = JSON.parse(a) as { id: number; val: string; qty: number }[];
    expect(rows).toHaveLength(COUNT);
    for (const row of rows) expect(row.val).toBe(row.id === POISON ? `n2-${row.id}` : `n1-${row.id}`);
    const reviews = decisions.map((d) => rig.service.inbox.get(d.id)?.engineDecision?.review);
    expect(reviews.filter((x) => x === 'overturned')).toHaveLength(COUNT - 1);
    expect(rig.service.inbox.get(decisions.find((d) => d.target.key === `id=${POISON}`)!.id)?.engineDecision?.review).toBe('pending');
    const audited = rig.audit.filter((e) => e.params.bulk === r.value.id);
    expect(audited).toHaveLength(COUNT);
    expect(audited.filter((e) => e.params.converged === true)).toHaveLength(COUNT - 1);
  }, 120_000);

  it('accepting in bulk writes nothing and records the review', async () => {
    const poisoned = decisions.filter((d) => d.target.key === `id=${POISON}`).map((d) => d.id);
    const before = await bulkRows(rig, 'n1', COUNT);
    const r = await bulkResolve(rig.service, 'test-cluster', { policy: 'last-writer-wins' }, poisoned);
    expect(r.ok && r.value.resolvedCount).toBe(1);
    expect(rig.service.inbox.get(poisoned[0]!)?.engineDecision?.review).toBe('accepted');
    expect(await bulkRows(rig, 'n1', COUNT)).toBe(before);
  }, 60_000);
});
