import { afterEach, describe, expect, it } from 'vitest';
import { ClusterRegistry } from '../../../electron/core/monitor/cluster-registry';
import { MetricsStore } from '../../../electron/core/metrics/metrics-store';
import { EventLog } from '../../../electron/core/events/event-log';
import { createLogger } from '../../../electron/core/logger';
import { ClusterSpecSchema } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import { ok } from '../../../shared/result';
import { foldSample } from '../../../renderer/features/topology/store';
import { FakeDriver, link, node } from '../../support/fake-driver';

const spec = ClusterSpecSchema.parse({ engine: 'postgres', name: 'a', seeds: ['postgres://x@h/db'], sampleIntervalMs: 250 });
let registry: ClusterRegistry | null = null;
afterEach(async () => {
  await registry?.dispose();
  registry = null;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the monitor keeps open alarms with the latest sample', () => {
  it('a node down is open on the sample (and openAlarms) until it is back; a link that ends is shown ended without lag', async () => {
    const d = new FakeDriver();
    const events = new EventLog();
    const pushed: ClusterSample[] = [];
    registry = new ClusterRegistry({
      resolveDriver: () => ok(d.capabilities()),
      metrics: new MetricsStore(),
      events,
      log: createLogger('test'),
      now: Date.now,
      onSample: (_id, s) => pushed.push(s),
      onCluster: () => {},
      onRemoved: () => {},
    });
    const added = await registry.add(spec, { mode: 'verify' });
    if (!added.ok) throw new Error(added.reason);
    const id = added.value.id;
    await sleep(300);
    d.nodes = [node('p', 'primary'), node('r1', 'replica', { kind: 'down', since: 1, reason: 'refused' })];
    d.links = [];
    await sleep(700);
    const latest = registry.get(id)!.latest!;
    expect(latest.alarms?.map((a) => a.key)).toEqual(['node-down:r1']);
    expect(registry.openAlarms(id).map((a) => a.key)).toEqual(['node-down:r1']);
    expect(latest.links).toMatchObject([{ id: 'p->r1', state: 'ended' }]);
    expect(latest.links[0]!.lag.ms.replay).toBeNull();
    // What a reloaded page gets (the latest sample) folds into the renderer's store with its alarms.
    expect(foldSample(undefined, latest).alarms.map((a) => a.key)).toEqual(['node-down:r1']);

    d.nodes = [node('p', 'primary'), node('r1', 'replica')];
    d.links = [link('p', 'r1', 0)];
    await sleep(700);
    expect(registry.get(id)!.latest!.alarms).toEqual([]);
    const kinds = events.list({ limit: 20 }).reverse().map((e) => `${e.kind}:${e.alarmKey ?? ''}`);
    expect(kinds).toEqual(['link-ended:', 'node-down:node-down:r1', 'cleared:node-down:r1']);
  });
});
