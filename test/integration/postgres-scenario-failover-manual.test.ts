import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionDriver, describeRun, type ActionTestDriver } from '../harness/pg-actions';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { harnessHostControl } from '../harness/pg-host-control';
import { waitUntil } from '../harness/pg-query';
import { createProbeTable, fencedPrimary, readEveryNode, scenarioService, streamingStandby, writablePrimary } from '../harness/pg-scenario';

/**
 * Failover without the agent: the dead primary cannot be fenced (skipped, owed) nor rejoined (manual steps).
 * When it comes back writable it is fenced within one sample; once the admin's rejoin is seen, the run is done.
 */
let cluster: PgCluster;
let d: ActionTestDriver;
let svc: ReturnType<typeof scenarioService>;
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  d = await actionDriver(cluster, null);
  svc = scenarioService(d);
  await createProbeTable(cluster, 'primary');
  await svc.observe();
});

afterAll(async () => {
  await d?.dispose();
  await cluster?.stop();
});

describe('failover without the agent', () => {
  it('ends done-manual with the fence owed, fences the old primary the sample it answers, and turns done once it streams', async () => {
    await cluster.kill9('primary');
    await waitUntil(async () => (await svc.observe()).nodes.find((n) => n.id === id('primary'))?.status.kind !== 'up', 'the primary to be seen down', 10_000);
    const run = await svc.run({ kind: 'failover', target: id('standby1'), maxLagBytes: 64 * 1024 * 1024 });
    console.log(`failover: ${run.status}\n${describeRun(run.plan)}`);
    expect(run.status).toBe('done-manual');
    expect(run.plan.steps.find((s) => s.id.startsWith('fence-reminder'))).toMatchObject({ state: 'skipped', detail: expect.stringMatching(/^skipped: primary is unreachable/) });
    expect(run.fenceOnReturn).toMatchObject({ nodeId: id('primary'), state: 'standing' });
    expect(run.plan.steps.filter((s) => s.state === 'manual').map((s) => s.id.split('~')[0])).toEqual([
      'manual-checkpoint', 'manual-stop', 'manual-rewind', 'manual-config', 'manual-standby-signal', 'manual-start',
    ]);
    const down = await readEveryNode(cluster);
    expect(down.primary).toMatchObject({ up: false });
    expect(down.standby1).toMatchObject(writablePrimary(2));
    expect(down.standby2).toMatchObject(streamingStandby('standby1', 2));

    // It comes back writable: the sample that reads it so fences it.
    await cluster.startNode('primary');
    let seenUp = 0;
    for (let i = 0; i < 40 && seenUp === 0; i += 1) {
      const s = await svc.observe();
      if (s.nodes.find((n) => n.id === id('primary'))?.status.kind === 'up') seenUp = i + 1;
      else await new Promise((r) => setTimeout(r, 250));
    }
    expect(seenUp).toBeGreaterThan(0);
    await waitUntil(async () => svc.current(run.plan.id)?.fenceOnReturn?.state === 'fenced', 'the fence on return', 5_000);
    expect((await svc.observe()).nodes.find((n) => n.id === id('primary'))).toMatchObject({ role: 'primary', readOnly: true });
    const fenced = await readEveryNode(cluster);
    expect(fenced.primary).toMatchObject({ ...fencedPrimary(1), streamsFrom: null });
    expect(svc.current(run.plan.id)?.status).toBe('done-manual');

    // The admin's runbook, done by the harness: the run turns done by itself.
    const host = harnessHostControl(cluster);
    const sig = new AbortController().signal;
    const to = { host: '127.0.0.1', port: cluster.node('standby1').port };
    await cluster.query('standby1', 'CHECKPOINT');
    for (const r of [await host.stop(id('primary'), sig), await host.rewind(id('primary'), to, sig), await host.writeStandbyConfig(id('primary'), to, sig), await host.start(id('primary'), sig)]) {
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    await waitUntil(async () => (await svc.observe(), svc.current(run.plan.id)?.status === 'done'), 'the run to turn done', 30_000);
    expect(svc.events.map((e) => e.kind)).toEqual(['fence-on-return', 'fence-on-return-cleared', 'action-completed']);
    const final = await readEveryNode(cluster);
    expect(final.standby1).toMatchObject(writablePrimary(2));
    expect(final.standby2).toMatchObject(streamingStandby('standby1', 2));
    expect(final.primary).toMatchObject(streamingStandby('standby1', 2));
  });
});
