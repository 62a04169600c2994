import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPglRig, type PglRig } from '../harness/pglogical-rig';
import { KEYS, seedRows, writeConflicts } from '../harness/pglogical-scenario';
import { waitUntil } from '../harness/pg-query';

/**
 * Three PG15 nodes with pglogical 2.4, fully meshed (forward_origins '{}'),
 * last_update_wins. Partitioned, the same keys written on n1 then n2, healed:
 * every conflict pglogical resolved reaches the inbox with both versions and the rule.
 */
describe('pglogical: engine-resolved conflicts in the inbox', () => {
  let rig: PglRig;
  let healedAt = 0;

  beforeAll(async () => {
    rig = await createPglRig({ resolution: 'last_update_wins' });
    await seedRows(rig.mesh);
    await rig.mesh.partition();
    await writeConflicts(rig.mesh.node('n1'), rig.mesh.node('n2'));
    healedAt = await rig.mesh.heal();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('discovers the whole mesh from n1 as peers with one link per subscription', async () => {
    await waitUntil(async () => (rig.lastSample()?.links.length ?? 0) === 6, 'six pglogical links', 20_000);
    const s = rig.lastSample()!;
    expect(s.nodes.map((n) => n.role)).toEqual(['peer', 'peer', 'peer']);
    expect(s.warnings.filter((w) => w.startsWith('split brain'))).toEqual([]);
    const link = s.links.find((l) => l.from === rig.nodeId(rig.mesh.node('n2')) && l.to === rig.nodeId(rig.mesh.node('n1')))!;
    expect(link.label).toContain('sub_n1_from_n2');
    expect(link.label).toContain('forward_origins={}');
    expect(link.lag.source).toContain('pglogical');
  });

  it('shows update/update with both versions, origins, commit times and the rule', async () => {
    await waitUntil(async () => rig.inbox('id=1').length > 0, 'the update/update conflict in the inbox', 20_000);
    const detectMs = Date.now() - healedAt;
    const c = rig.inbox('id=1')[0]!;
    expect(c.kind).toBe('update-update');
    expect(c.status).toBe('resolved');
    expect(c.target.table).toBe('items'.replace(/^/, 'public.'));
    expect(c.versions.map((v) => v.origin)).toEqual(['n1', 'n2']);
    expect(c.versions.map((v) => (v.value as { val: string }).val)).toEqual(['uu-n1', 'uu-n2']);
    expect(c.versions[1]!.committedAt).toBeGreaterThan(c.versions[0]!.committedAt);
    expect(c.engineDecision?.rule).toMatch(/^last_update_wins: remote committed [\d:.]+ [<>] local [\d:.]+/);
    expect(c.engineDecision?.kept).toBe(1);
    expect(c.resolution?.by).toContain('engine');
    console.log(`heal by re-enabling subscriptions → update/update in the inbox (1 Hz; pglogical restarts its apply workers first): ${detectMs}`);
  });

  it('shows insert/insert, update/delete and delete/delete', async () => {
    await waitUntil(async () => rig.inbox(`id=${KEYS.insertInsert}`).length > 0 && rig.inbox(`id=${KEYS.updateDelete}`).length > 0 && rig.inbox(`id=${KEYS.deleteDelete}`).length > 0, 'the other three kinds', 20_000);
    const ii = rig.inbox('id=2')[0]!;
    expect(ii.kind).toBe('insert-insert');
    expect(ii.versions.map((v) => (v.value as { owner: string }).owner)).toEqual(['n1', 'n2']);
    expect(ii.engineDecision?.kept).toBe(1);
    const ud = rig.inbox('id=3')[0]!;
    expect(ud.kind).toBe('update-delete');
    expect(ud.versions.find((v) => v.origin === 'n1')?.value).toMatchObject({ val: 'ud-n1' });
    expect(ud.versions.find((v) => v.origin === 'n2')?.value).toBeNull();
    expect(ud.engineDecision?.rule).toContain('not found');
    const dd = rig.inbox('id=4')[0]!;
    expect(dd.kind).toBe('delete-delete');
    expect(dd.versions.every((v) => v.value === null)).toBe(true);
    expect(dd.versions.map((v) => v.origin).sort()).toEqual(['n1', 'n2']);
  });

  it('overturning the update/delete restores the losing row on all three nodes', async () => {
    const ud = rig.inbox('id=3')[0]!;
    const losing = ud.versions.findIndex((v) => v.origin === 'n1');
    const preview = await rig.service.preview(ud.id, { kind: 'keep', version: losing });
    expect(preview.ok ? preview.value.engine?.statements.join('\n') : preview.reason).toMatch(/INSERT INTO public\.items SELECT \* FROM jsonb_populate_record\(NULL::public\.items, \$1::jsonb\) ON CONFLICT \(id\) DO UPDATE/);
    const r = await rig.service.resolve(ud.id, { kind: 'keep', version: losing });
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    expect(r.value.convergence.converged).toBe(true);
    for (const n of rig.mesh.nodes) expect(await rig.rowOf(n, 3)).toEqual({ id: 3, owner: 'seed', val: 'ud-n1', qty: 3 });
    expect(rig.service.inbox.get(ud.id)?.engineDecision?.review).toBe('overturned');
    expect(rig.audit.some((a) => a.params.conflictId === ud.id && String(a.outcome).startsWith('resolved'))).toBe(true);
  });

  it('accepting the update/update writes nothing and is audited', async () => {
    const uu = rig.inbox('id=1')[0]!;
    const preview = await rig.service.preview(uu.id, { kind: 'keep', version: uu.engineDecision!.kept! });
    expect(preview.ok ? preview.value.engine?.statements : preview.reason).toEqual([]);
    const r = await rig.service.resolve(uu.id, { kind: 'keep', version: uu.engineDecision!.kept! });
    expect(r.ok && r.value.convergence.converged).toBe(true);
    expect(rig.service.inbox.get(uu.id)?.engineDecision?.review).toBe('accepted');
  });
});
