import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkResolve } from '../../electron/core/conflicts/bulk-resolve';
import type { ConflictEvent } from '../../shared/model/conflict';
import { waitUntil } from '../harness/pg-query';
import { createPglRig, type PglRig } from '../harness/pglogical-rig';

/**
 * New-user trial BLOCKER: "To review" held an old and a newer decision on the same keys; bulk "prefer n1"
 * overturned both and the OLD value landed last. On a real 3-node mesh (last_update_wins): decision 1 (n1
 * writes v1, n2 writes v2: n2's kept), then decision 2 on the same keys (n2 writes w2, n1 writes v3: n1's
 * kept). Bulk review of every decision with prefer n1: every node keeps v3 (untouched: same xmin), the old
 * decisions are reported superseded with nothing written, and a single overturn of an old one is refused.
 */
const IDS = [700, 701, 702];
let rig: PglRig;
let old: ConflictEvent[] = [];

const pending = () =>
  rig.service.inbox.list({ status: 'all', limit: 100_000 }).filter((c) => c.id.startsWith('pgl:') && c.kind === 'update-update' && IDS.some((id) => c.target.key === `id=${id}`) && c.engineDecision?.review === 'pending');
const keptVal = (c: ConflictEvent) => (c.engineDecision?.kept == null ? null : (c.versions[c.engineDecision.kept]?.value as { val?: string } | null)?.val);
const rows = (name: string) => rig.mesh.node(name).query(`SELECT id, val, xmin::text AS x FROM items WHERE id = ANY($1::int[]) ORDER BY id`, [IDS]);
const vals = async (name: string) => (await rows(name)).map((r) => String(r.val)).join(',');

async function conflict(first: string, second: string, tag: (n: string) => string): Promise<void> {
  await rig.mesh.partition();
  await rig.mesh.node(first).query(`UPDATE items SET val = $2 || '-' || id WHERE id = ANY($1::int[])`, [IDS, tag(first)]);
  await new Promise((r) => setTimeout(r, 20));
  await rig.mesh.node(second).query(`UPDATE items SET val = $2 || '-' || id WHERE id = ANY($1::int[])`, [IDS, tag(second)]);
  await rig.mesh.heal();
}

beforeAll(async () => {
  rig = await createPglRig({ resolution: 'last_update_wins' });
  await rig.mesh.node('n1').query(`INSERT INTO items SELECT g, 'stale', 'v0', 1 FROM unnest($1::int[]) g`, [IDS]);
  for (const n of rig.mesh.nodes) await waitUntil(async () => (await vals(n.name)) === 'v0,v0,v0', `the rows on ${n.name}`, 20_000);
  await conflict('n1', 'n2', (n) => (n === 'n1' ? 'n1v1' : 'n2v2'));
  await waitUntil(async () => pending().filter((c) => keptVal(c)?.startsWith('n2v2')).length === IDS.length, 'decision 1 on every key', 30_000);
  old = pending();
  for (const n of rig.mesh.nodes) await waitUntil(async () => (await vals(n.name)) === IDS.map((i) => `n2v2-${i}`).join(','), `n2v2 on ${n.name}`, 20_000);
  await conflict('n2', 'n1', (n) => (n === 'n1' ? 'n1v3' : 'n2w2'));
  const newest = IDS.map((i) => `n1v3-${i}`).join(',');
  for (const n of rig.mesh.nodes) await waitUntil(async () => (await vals(n.name)) === newest, `n1v3 on ${n.name}`, 20_000);
  await waitUntil(async () => IDS.every((i) => pending().some((c) => c.target.key === `id=${i}` && keptVal(c) === `n1v3-${i}`)), 'decision 2 on every key', 30_000);
}, 120_000);

afterAll(async () => {
  await rig?.stop();
}, 60_000);

describe('pglogical: an overturn never acts on a superseded decision', () => {
  it('a single overturn of an old decision is refused with the reason, nothing written', async () => {
    const o = old[0]!;
    const before = await rows('n1');
    const shown = await rig.service.preview(o.id, { kind: 'keep', version: o.versions.findIndex((v) => v.origin === 'n1') });
    expect(shown.ok ? 'offered' : `${shown.code}: ${shown.reason}`).toMatch(/^superseded: the row changed since this decision/);
    const r = await rig.service.resolve(o.id, { kind: 'keep', version: o.versions.findIndex((v) => v.origin === 'n1') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain('the row changed since this decision (now ');
    expect(r.reason).toContain('n1v3-');
    expect(r.reason).toContain('review the later one');
    expect(await rows('n1')).toEqual(before);
  }, 20_000);
  it('bulk prefer n1 over old and newer decisions of the same keys: every node keeps the newest value, the old ones superseded', async () => {
    expect(old).toHaveLength(IDS.length);
    const before = await Promise.all(['n1', 'n2', 'n3'].map(rows));
    const all = pending();
    expect(all.length).toBeGreaterThan(IDS.length);
    const r = await bulkResolve(rig.service, 'test-cluster', { policy: 'prefer-node', node: 'n1' }, all.map((c) => c.id));
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    // Every node the newest value by SQL, and nothing written anywhere (same xmin).
    await new Promise((res) => setTimeout(res, 1_500));
    const after = await Promise.all(['n1', 'n2', 'n3'].map(rows));
    for (const n of after) expect(n.map((x) => String(x.val))).toEqual(IDS.map((i) => `n1v3-${i}`));
    expect(after).toEqual(before);
    const superseded = new Map(r.value.failed.map((f) => [f.conflictId, f]));
    for (const o of old) {
      expect(superseded.get(o.id)?.reason, o.target.key).toMatch(/^superseded: /);
      expect(rig.service.inbox.get(o.id)?.engineDecision?.review).toBe('pending');
    }
    expect(r.value.failed.every((f) => f.reason.startsWith('superseded: '))).toBe(true);
    expect(r.value.resolvedCount).toBe(IDS.length);
  }, 30_000);

});
