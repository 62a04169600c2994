import { afterEach, describe, expect, it } from 'vitest';
import { ClusterRegistry } from '../../../electron/core/monitor/cluster-registry';
import { MetricsStore } from '../../../electron/core/metrics/metrics-store';
import { EventLog } from '../../../electron/core/events/event-log';
import { createLogger } from '../../../electron/core/logger';
import { ClusterSpecSchema } from '../../../shared/model/cluster';
import { ok } from '../../../shared/result';
import { FakeDriver, node } from '../../support/fake-driver';

const spec = (name: string, seed = 'postgres://x@h/db') => ClusterSpecSchema.parse({ engine: 'postgres', name, seeds: [seed], sampleIntervalMs: 250 });
let registry: ClusterRegistry;
afterEach(() => registry?.dispose());

function setup(drivers: FakeDriver[]) {
  const replaced: string[] = [];
  const events = new EventLog();
  registry = new ClusterRegistry({
    resolveDriver: () => ok(drivers.shift()!.capabilities()),
    metrics: new MetricsStore(),
    events,
    log: createLogger('test'),
    now: Date.now,
    onSample: () => {},
    onCluster: () => {},
    onRemoved: () => {},
    onReplaced: (id) => replaced.push(id),
  });
  return { replaced, events };
}

describe('ClusterRegistry.edit', () => {
  it('refuses an edit whose connection fails, with the reason, and leaves the running monitor as it was', async () => {
    const old = new FakeDriver(['h:5432']);
    const bad = new FakeDriver(['h:5432']);
    bad.refuse('auth-failed', 'password authentication failed for user "x"');
    const { replaced } = setup([old, bad]);
    const added = await registry.add(spec('a'), { mode: 'verify' });
    if (!added.ok) throw new Error(added.reason);
    const before = registry.get(added.value.id);
    const r = await registry.edit(added.value.id, spec('a', 'postgres://x:wrong@h/db'));
    expect(r).toMatchObject({ ok: false, code: 'auth-failed', reason: expect.stringContaining('password authentication failed') });
    expect(bad.disposed).toBe(true);
    expect(old.disposed).toBe(false);
    expect(registry.get(added.value.id)).toBe(before);
    expect(replaced).toEqual([]);
  });

  it('swaps the monitor under the same id, keeps the node aliases, and lets the old driver go', async () => {
    const old = new FakeDriver(['h:5432']);
    const next = new FakeDriver(['h:5432']);
    const { replaced } = setup([old, next]);
    const added = await registry.add(spec('a'), { mode: 'verify' });
    if (!added.ok) throw new Error(added.reason);
    registry.get(added.value.id)!.aliases = { p: 'main' };
    const r = await registry.edit(added.value.id, spec('renamed', 'postgres://x:new@h/db'));
    expect(r).toMatchObject({ ok: true, value: { id: added.value.id, name: 'renamed' } });
    expect(old.disposed).toBe(true);
    expect(registry.list().map((c) => c.id)).toEqual([added.value.id]);
    expect(registry.get(added.value.id)!.specWithInterval()).toMatchObject({ seeds: ['postgres://x:new@h/db'], aliases: { p: 'main' } });
    expect(replaced).toEqual([added.value.id]);
    await new Promise((res) => setTimeout(res, 400));
    expect(next.samples).toBeGreaterThan(0);
  });

  it('ends the old monitor\'s open alarms at the swap; the new one raises again what still holds', async () => {
    const old = new FakeDriver(['h:5432']);
    old.nodes = [node('p', 'primary'), node('r1', 'replica', { kind: 'down', since: 1, reason: 'password authentication failed' })];
    const next = new FakeDriver(['h:5432']);
    const { events } = setup([old, next]);
    const added = await registry.add(spec('a'), { mode: 'verify' });
    if (!added.ok) throw new Error(added.reason);
    await new Promise((res) => setTimeout(res, 300));
    const open = registry.openAlarms(added.value.id).map((a) => a.key);
    expect(open.length).toBeGreaterThan(0);
    expect((await registry.edit(added.value.id, spec('a'))).ok).toBe(true);
    await new Promise((res) => setTimeout(res, 400));
    const cleared = events.list({ limit: 50 }).filter((e) => e.kind === 'cleared' && open.includes(e.alarmKey ?? ''));
    expect(cleared.map((e) => e.message)).toEqual(open.map(() => expect.stringContaining('connection edited')));
    expect(registry.openAlarms(added.value.id)).toEqual([]);
  });

  it('refuses while an action runs, also when one started during the connection test, and keeps the running monitor', async () => {
    const old = new FakeDriver(['h:5432']);
    const during = new FakeDriver(['h:5432']);
    setup([old, during]);
    const added = await registry.add(spec('a'), { mode: 'verify' });
    if (!added.ok) throw new Error(added.reason);
    const before = registry.get(added.value.id);
    const running = 'a switchover of db2 is running on "a"; edit the connection when it has finished';
    expect(await registry.edit(added.value.id, spec('a'), () => running)).toMatchObject({ ok: false, code: 'busy', reason: running });
    let asked = 0;
    expect(await registry.edit(added.value.id, spec('a'), () => (asked++ === 0 ? null : running))).toMatchObject({ ok: false, code: 'busy', reason: running });
    expect(during.disposed).toBe(true);
    expect(registry.get(added.value.id)).toBe(before);
    expect(old.disposed).toBe(false);
  });

  it('refuses another engine, and a name or node another cluster has (but not its own)', async () => {
    setup([new FakeDriver(['h:5432']), new FakeDriver(['other:5432']), new FakeDriver(['other:5432']), new FakeDriver(['h:5432'])]);
    const a = await registry.add(spec('a'), { mode: 'verify' });
    await registry.add(spec('b', 'postgres://x@other/db'), { mode: 'verify' });
    if (!a.ok) throw new Error(a.reason);
    const etcd = ClusterSpecSchema.parse({ engine: 'etcd', name: 'a', endpoints: ['http://h:2379'] });
    expect(await registry.edit(a.value.id, etcd)).toMatchObject({ ok: false, code: 'engine-changed' });
    expect(await registry.edit(a.value.id, spec('B'))).toMatchObject({ ok: false, code: 'duplicate', reason: expect.stringContaining('"b"') });
    expect(await registry.edit(a.value.id, spec('a', 'postgres://x@other/db'))).toMatchObject({ ok: false, code: 'duplicate', reason: expect.stringContaining('other:5432') });
    expect(await registry.edit(a.value.id, spec('A'))).toMatchObject({ ok: true, value: { id: a.value.id } });
    expect(await registry.edit('nope', spec('x'))).toMatchObject({ ok: false, code: 'unknown-cluster' });
  });
});
