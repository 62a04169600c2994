import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchDriver, type ClusterWatcher } from '../harness/cluster-watcher';
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
let watch: ClusterWatcher;
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  d = await actionDriver(cluster, null);
  watch = watchDriver(d);
  svc = scenarioService(d, 'failover-test', watch);
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
    // The cluster's headline says so, with the candidate ranked first (both standbys have all of it: the first by name).
    expect(watch.latest?.headline).toMatchObject({ state: 'primary-down', title: 'primary primary down', suggestion: { kind: 'failover', target: id('standby1') } });
    expect(watch.latest?.headline.suggestion?.text).toMatch(/^fail over to standby1, ranked first: /);
    const run = await svc.run({ kind: 'failover', target: id('standby1'), maxLagBytes: 64 * 1024 * 1024 });
    console.log(`failover: ${run.status}\n${describeRun(run.plan)}`);
    await svc.observe();
    // Promoted: one writable primary and the old one down is "degraded", not split brain or primary down. (unreachable: no standby follows it any more, so only ReplicaDesk can see it gone)
    expect(watch.latest?.headline).toMatchObject({ state: 'degraded', title: expect.stringMatching(/^primary unreachable/) });
    const returnFrom = watch.seen.length;
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
    // No split brain before it answered; the sample that reads it writable raises it, and shows it as the headline.
    const upAt = watch.latest!.index;
    expect(watch.kinds('split-brain').map((e) => e.sample)).toEqual([upAt]);
    expect(watch.latest?.headline.state).toBe('split-brain');
    expect(watch.headlines(returnFrom, upAt).every((h) => h !== 'split-brain')).toBe(true);
    await waitUntil(async () => svc.current(run.plan.id)?.fenceOnReturn?.state === 'fenced', 'the fence on return', 5_000);
    expect((await svc.observe()).nodes.find((n) => n.id === id('primary'))).toMatchObject({ role: 'primary', readOnly: true });
    // Fenced: the split-brain alarm cleared by an event naming it, and the headline is the fenced old primary awaiting rejoin (by hand).
    expect(watch.kinds('cleared').filter((e) => e.alarmKey === 'split-brain:cluster').map((e) => e.sample)).toEqual([watch.latest!.index]);
    expect(watch.latest?.headline).toMatchObject({ state: 'fenced-old-primary', suggestion: { kind: null, text: 'rejoin primary as a standby of standby1 (by hand: pg_rewind, standby.signal)' } });
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
    // Settled: healthy, every alarm cleared, no link left that no server reports; one split brain in all, on return.
    await watch.settle(() => svc.observe());
    console.log(`what the app showed, sample by sample:\n${watch.trace()}`);
    expect(watch.kinds('split-brain')).toHaveLength(1);
    expect(watch.headlines().filter((h) => h === 'split-brain')).toHaveLength(1);
    const final = await readEveryNode(cluster);
    expect(final.standby1).toMatchObject(writablePrimary(2));
    expect(final.standby2).toMatchObject(streamingStandby('standby1', 2));
    expect(final.primary).toMatchObject(streamingStandby('standby1', 2));
    watch.expectSettled(final);
  });
});
