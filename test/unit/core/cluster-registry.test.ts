import { afterEach, describe, expect, it } from 'vitest';
import { ClusterRegistry } from '../../../electron/core/monitor/cluster-registry';
import { MetricsStore } from '../../../electron/core/metrics/metrics-store';
import { EventLog } from '../../../electron/core/events/event-log';
import { createLogger } from '../../../electron/core/logger';
import { ClusterSpecSchema, type Cluster } from '../../../shared/model/cluster';
import { ok } from '../../../shared/result';
import { FakeDriver, node } from '../../support/fake-driver';

const spec = (name: string) => ClusterSpecSchema.parse({ engine: 'postgres', name, seeds: ['postgres://x@h/db'], sampleIntervalMs: 250 });
let registry: ClusterRegistry;
afterEach(() => registry?.dispose());

function setup(drivers: FakeDriver[]) {
  const events = new EventLog();
  const clusters: Cluster[] = [];
  const samples: string[] = [];
  registry = new ClusterRegistry({
    resolveDriver: () => ok(drivers.shift()!.capabilities()),
    metrics: new MetricsStore(),
    events,
    log: createLogger('test'),
    now: Date.now,
    onSample: (id) => samples.push(id),
    onCluster: (c) => clusters.push(c),
    onRemoved: () => {},
  });
  return { events, clusters, samples };
}

describe('ClusterRegistry', () => {
  it('refuses a cluster whose first connection fails, with the reason, and releases its driver', async () => {
    const d = new FakeDriver();
    d.refuse('auth-failed', 'password authentication failed for user "mon"');
    setup([d]);
    const r = await registry.add(spec('a'), { mode: 'verify' });
    expect(r).toMatchObject({ ok: false, code: 'auth-failed' });
    expect(d.disposed).toBe(true);
    expect(registry.list()).toEqual([]);
  });

  it('refuses a cluster added twice (same node, or same name)', async () => {
    setup([new FakeDriver(['h:5432']), new FakeDriver(['h:5432']), new FakeDriver(['other:1'])]);
    expect((await registry.add(spec('a'), { mode: 'verify' })).ok).toBe(true);
    expect(await registry.add(spec('b'), { mode: 'verify' })).toMatchObject({ ok: false, code: 'duplicate' });
    expect(await registry.add(spec('A '), { mode: 'verify' })).toMatchObject({ ok: false, code: 'duplicate' });
  });

  it('samples at the interval and turns changes into events', async () => {
    const d = new FakeDriver();
    const { events, samples } = setup([d]);
    const added = await registry.add(spec('a'), { mode: 'verify' });
    await new Promise((r) => setTimeout(r, 300));
    d.nodes = [node('p', 'primary'), node('r1', 'replica', { kind: 'down', since: 1, reason: 'connection refused' })];
    await new Promise((r) => setTimeout(r, 600));
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(events.list({ limit: 10 }).map((e) => e.kind)).toContain('node-down');
    expect(added.ok && registry.get(added.value.id)?.latest?.nodes[1]?.status.kind).toBe('down');
  });

  it('disposes every driver on dispose, and stops sampling', async () => {
    const d = new FakeDriver();
    setup([d]);
    await registry.add(spec('a'), { mode: 'verify' });
    await registry.dispose();
    const n = d.samples;
    await new Promise((r) => setTimeout(r, 400));
    expect(d.disposed).toBe(true);
    expect(d.samples).toBe(n);
  });

  it('keeps retrying a restored cluster that cannot connect, and reports why', async () => {
    const d = new FakeDriver();
    d.refuse('connection-refused', 'connection refused at h:5432');
    const { clusters } = setup([d]);
    await registry.add(spec('a'), { mode: 'restore' });
    await new Promise((r) => setTimeout(r, 100));
    expect(clusters.at(-1)?.status).toMatchObject({ kind: 'failed', reason: 'connection refused at h:5432' });
  });
});
