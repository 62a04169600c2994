import { afterEach, describe, expect, it } from 'vitest';
import { capabilitiesOf, createAgentDriver } from '../../../electron/drivers/agent';
import { ClusterRegistry } from '../../../electron/core/monitor/cluster-registry';
import { MetricsStore } from '../../../electron/core/metrics/metrics-store';
import { EventLog } from '../../../electron/core/events/event-log';
import { AgentSpecSchema } from '../../../shared/model/cluster';
import { ok } from '../../../shared/result';
import { FakeBackend } from './fake-backend';
import { quietLog, serverPool, TOKEN, waitFor } from './helpers';

const pool = serverPool();
let registry: ClusterRegistry | null = null;
afterEach(async () => {
  await registry?.dispose();
  registry = null;
  await pool.cleanup();
});

describe('agent events reach the event list', () => {
  it('shows a pushed role change and split brain with the node display name, through the monitor', async () => {
    const primary = new FakeBackend('n1');
    const replica = new FakeBackend('n2', { role: 'replica', upstream: 'n1' });
    replica.reportHook = (r) => ({ ...r, node: { ...r.node, name: 'pg-two' } });
    const a = await pool.start(primary);
    const b = await pool.start(replica);
    // A long interval: the event must show without waiting for the next sample.
    const spec = AgentSpecSchema.parse({ engine: 'agent', name: 'ev', agents: [a.server.url, b.server.url].map((url) => ({ url, token: TOKEN })), sampleIntervalMs: 60_000 });
    const events = new EventLog();
    let samples = 0;
    let driver: ReturnType<typeof createAgentDriver> | null = null;
    registry = new ClusterRegistry({
      resolveDriver: (s, ctx) => {
        driver = createAgentDriver(s as typeof spec, ctx, { backoff: { baseMs: 50, maxMs: 200 }, connectTimeoutMs: 1_000, firstReportTimeoutMs: 3_000 });
        return ok(capabilitiesOf(driver, spec));
      },
      metrics: new MetricsStore(),
      events,
      log: quietLog,
      now: Date.now,
      onSample: () => void (samples += 1),
      onCluster: () => {},
      onRemoved: () => {},
    });
    const added = await registry.add(spec, { mode: 'verify' });
    expect(added.ok).toBe(true);
    const monitor = registry.get(added.ok ? added.value.id : '')!;
    await waitFor(() => samples >= 1, 3_000, 'first sample');
    await waitFor(() => driver!.connections.every((c) => c.latest.size === 1), 3_000, 'a report from each agent');
    const before = samples;
    // Any push wakes the monitor: the next sample has both nodes, long before the 60 s interval.
    primary.emit({ at: 1, kind: 'monitor-error', severity: 'info', nodeId: 'n1', message: 'agent started' });
    await waitFor(() => samples > before && monitor.latest?.nodes.length === 2, 3_000, 'a sample after the push');
    replica.emit({ at: Date.now(), kind: 'role-change', severity: 'warning', nodeId: 'n2', message: 'promoted to primary' });
    // Every peer may relay the same event: it is shown once.
    primary.emit({ at: 7, kind: 'split-brain', severity: 'critical', nodeId: 'n2', message: 'two writable primaries' });
    const fromAgents = () => events.list({ limit: 10 }).reverse().filter((e) => e.kind === 'role-change' || e.kind === 'split-brain');
    await waitFor(() => fromAgents().length >= 2, 3_000, 'agent events in the log');
    await new Promise((r) => setTimeout(r, 100));
    const shown = fromAgents();
    expect(shown.map((e) => [e.kind, e.nodeId, e.message]).sort()).toEqual([
      ['role-change', 'n2', 'pg-two: promoted to primary'],
      ['split-brain', 'n2', 'pg-two: two writable primaries'],
    ]);
  });
});
