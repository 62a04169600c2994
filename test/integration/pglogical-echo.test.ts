import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkResolve } from '../../electron/core/conflicts/bulk-resolve';
import type { ConflictEvent } from '../../shared/model/conflict';
import { FIRST_ID, bulkDecisions, bulkRows, makeBulkConflicts } from '../harness/pglogical-bulk-scenario';
import { waitUntil } from '../harness/pg-query';
import { createPglRig, type PglRig } from '../harness/pglogical-rig';
import { conflictLines } from '../harness/pglogical-scenario';

/**
 * Trial 14 finding 2: an overturn is written on one node and replicates; on the other nodes pglogical's
 * apply meets the row the engine had kept there (written by another node) and logs a fresh update/update.
 * Those echoes must be recognised as ReplicaDesk's own overturn replicating, not queued for review.
 * COUNT update/update decisions (last_update_wins kept n2's) are overturned to n1's version: a few one by
 * one by one, the rest in bulk, right away (within the 60 s grouping window); then no decision on those
 * keys awaits review and every node holds n1's rows.
 */
const COUNT = Number(process.env.PGL_ECHO_COUNT ?? 24);
const SINGLE = 4;
let rig: PglRig;
let decisions: ConflictEvent[] = [];

const logged = () => rig.mesh.nodes.reduce((n, node) => n + conflictLines(node).length, 0);
const echoes = () => rig.service.inbox.list({ status: 'all', limit: 100_000 }).filter((c) => c.id.startsWith('pgl:') && (c.notes ?? []).some((x) => x.includes('ReplicaDesk’s own overturn')));

beforeAll(async () => {
  rig = await createPglRig({ resolution: 'last_update_wins' });
  decisions = await makeBulkConflicts(rig, COUNT);
}, 360_000);

afterAll(async () => {
  await rig?.stop();
}, 60_000);

describe('pglogical: ReplicaDesk’s own overturns replicating are not queued for review', () => {
  it(`overturns ${COUNT} decisions (${SINGLE} one by one, the rest in bulk); their echoes settle themselves`, async () => {
    expect(decisions).toHaveLength(COUNT);
    const linesBefore = logged();
    for (const c of decisions.slice(0, SINGLE)) {
      const r = await rig.service.resolve(c.id, { kind: 'keep', version: c.versions.findIndex((v) => v.origin === 'n1') });
      expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    }
    // Right away, within the 60 s grouping window (the trial overturned minutes later): without the echo match the
    // echoes would merge into the decision here, or become new decisions to review after the window; either way no
    // echo event would be read, and the wait below fails.
    const bulk = await bulkResolve(rig.service, 'test-cluster', { policy: 'prefer-node', node: 'n1' }, decisions.slice(SINGLE).map((c) => c.id));
    expect(bulk.ok && bulk.value.resolvedCount, bulk.ok ? '' : bulk.reason).toBe(COUNT - SINGLE);
    const t0 = Date.now();
    // pglogical logs each overturn as a conflict on the nodes it was not written on: one echo per key, merged.
    await waitUntil(async () => echoes().length >= COUNT, `${COUNT} echoes read`, 60_000);
    console.log(`pgl echo: ${echoes().length} echoes of ${COUNT} overturns read within ${Date.now() - t0} ms; ${logged() - linesBefore} new conflict lines in pglogical's logs`);
    expect(logged() - linesBefore).toBeGreaterThanOrEqual(COUNT);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(echoes()).toHaveLength(COUNT);
    for (const e of echoes()) {
      expect(e.engineDecision?.review).toBe('accepted');
      expect(e.resolution?.by).toBe('replicadesk');
      expect(e.resolution?.how).toMatch(/^ReplicaDesk’s own overturn replicating \(written on n\d for decision pgl:[0-9a-f]+\): applied/);
      expect(decisions.some((d) => (e.notes ?? [])[0]!.includes(d.id))).toBe(true);
    }
    expect(bulkDecisions(rig, COUNT).map((c) => `${c.target.key} ${(c.notes ?? []).join(' ')}`)).toEqual([]);
    expect(decisions.every((d) => rig.service.inbox.get(d.id)?.engineDecision?.review === 'overturned')).toBe(true);
    const [a, b, c] = [await bulkRows(rig, 'n1', COUNT), await bulkRows(rig, 'n2', COUNT), await bulkRows(rig, 'n3', COUNT)];
    expect(b).toBe(a);
    expect(c).toBe(a);
    const rows = JSON.parse(a) as { id: number; val: string }[];
    expect(rows.map((r) => r.val)).toEqual(rows.map((r) => `n1-${r.id}`));
    expect(rows[0]!.id).toBe(FIRST_ID);
  }, 240_000);

  it('the engine-policy preview leaves the echoes out of its count', () => {
    const p = rig.driver.driver.pglogical.previewPolicy('first_update_wins');
    expect(p.ok && p.value.outcome.considered).toBe(COUNT);
  });
});
