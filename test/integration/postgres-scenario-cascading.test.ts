import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edges, watchDriver, type ClusterWatcher } from '../harness/cluster-watcher';
import { actionDriver, blockers, describeRun, type ActionTestDriver } from '../harness/pg-actions';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { harnessHostControl } from '../harness/pg-host-control';
import { waitUntil } from '../harness/pg-query';
import { createProbeTable, fencedPrimary, readEveryNode, scenarioService, streamingStandby, writablePrimary, type NodeTruth } from '../harness/pg-scenario';

/**
 * primary ─▶ standby1 ─▶ standby3 (cascading), primary ─▶ standby2; the agent on every host.
 * A cascading standby keeps its upstream through a switchover and a failover, and follows the new timeline.
 */
let cluster: PgCluster;
let d: ActionTestDriver;
let svc: ReturnType<typeof scenarioService>;
let watch: ClusterWatcher;
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 3, cascading: true });
  d = await actionDriver(cluster, harnessHostControl(cluster));
  watch = watchDriver(d);
  svc = scenarioService(d, 'failover-test', watch);
  await createProbeTable(cluster, 'primary');
  await svc.observe();
});

afterAll(async () => {
  await d?.dispose();
  await cluster?.stop();
});

async function settled(check: (t: Record<string, NodeTruth>) => boolean, what: string): Promise<Record<string, NodeTruth>> {
  let last: Record<string, NodeTruth> = {};
  await waitUntil(async () => check((last = await readEveryNode(cluster))), what, 20_000).catch(() => undefined);
  return last;
}

describe('a cascading standby through a switchover and a failover', () => {
  it('switchover to standby2: standby3 still streams from standby1, on the new timeline', async () => {
    const before = await readEveryNode(cluster);
    expect(before.standby3).toMatchObject(streamingStandby('standby1', 1));
    const plan = await d.plan({ kind: 'switchover', target: id('standby2') });
    expect(blockers(plan)).toEqual([]);
    // standby3 is left on standby1: only standby1 is re-pointed.
    expect(plan.steps.filter((s) => s.id.startsWith('repoint~')).map((s) => s.id)).toEqual([`repoint~${id('standby1')}~${id('standby2')}`]);
    // Watched as the app does, sampled while it runs.
    const run = await watch.during(() => svc.observe(), svc.run({ kind: 'switchover', target: id('standby2') }));
    console.log(`switchover: ${run.status}\n${describeRun(run.plan)}`);
    expect(run.status).toBe('done');
    const t = await settled((x) => x.standby3?.timeline === 2 && x.primary?.receiverStatus === 'streaming', 'standby3 on timeline 2, the old primary streaming');
    await watch.settle(() => svc.observe());
    console.log(`what the app showed:\n${watch.trace()}`);
    // Never two writable primaries on the way; the old links ended and are gone; the cascading link was never ended.
    expect(watch.kinds('split-brain')).toEqual([]);
    expect(watch.headlines()).not.toContain('split-brain');
    expect(watch.seen.some((x) => edges(x.shown).includes('primary->standby1:ended'))).toBe(true);
    expect(watch.seen.every((x) => !edges(x.shown).includes('standby1->standby3:ended'))).toBe(true);
    watch.expectSettled(t);
    expect(t.standby2).toMatchObject(writablePrimary(2));
    expect(t.standby1).toMatchObject(streamingStandby('standby2', 2));
    expect(t.primary).toMatchObject(streamingStandby('standby2', 2));
    expect(t.standby3).toMatchObject(streamingStandby('standby1', 2));
  });

  it('failover after kill -9 of standby2: standby3 still streams from standby1, on the newest timeline', async () => {
    await svc.observe(); // as the app's 1 Hz monitor would have: the driver remembers standby2 as the primary on timeline 2
    await cluster.kill9('standby2');
    await waitUntil(async () => (await svc.observe()).nodes.find((n) => n.id === id('standby2'))?.status.kind !== 'up', 'standby2 to be seen down', 10_000);
    console.log('headline with standby2 down:', JSON.stringify(watch.latest?.headline));
    expect(watch.latest?.headline).toMatchObject({ state: 'primary-down', title: 'primary standby2 down', suggestion: { kind: 'failover' } });
    const suggested = watch.latest?.headline.suggestion?.target;
    expect([id('primary'), id('standby1')]).toContain(suggested);
    const fromFailover = watch.seen.length;
    const run = await watch.during(() => svc.observe(), svc.run({ kind: 'failover', target: id('standby1'), maxLagBytes: 64 * 1024 * 1024 }));
    console.log(`failover: ${run.status}\n${describeRun(run.plan)}`);
    expect(run.status).toBe('done');
    // The dead old primary was not fenced: skipped, owed.
    expect(run.plan.steps.at(-1)).toMatchObject({ state: 'skipped' });
    expect(run.fenceOnReturn).toMatchObject({ nodeId: id('standby2'), state: 'standing' });
    const t = await settled((x) => x.standby3?.timeline === 3 && x.primary?.timeline === 3, 'standby3 and the primary node on timeline 3');
    expect(t.standby1).toMatchObject(writablePrimary(3));
    expect(t.primary).toMatchObject(streamingStandby('standby1', 3));
    expect(t.standby3).toMatchObject(streamingStandby('standby1', 3));
    expect(t.standby2).toMatchObject({ up: false });
    await svc.observe();
    expect(watch.kinds('split-brain')).toEqual([]);
    expect(watch.headlines(fromFailover)).not.toContain('split-brain');

    // standby2 returns writable: split brain the sample it answers, fenced at once (cleared), then rejoined by the agent.
    await cluster.startNode('standby2');
    await waitUntil(async () => (await svc.observe()).nodes.find((n) => n.id === id('standby2'))?.status.kind === 'up', 'standby2 to be read again', 15_000);
    const upAt = watch.latest!.index;
    expect(watch.kinds('split-brain').map((e) => e.sample)).toEqual([upAt]);
    await waitUntil(async () => svc.current(run.plan.id)?.fenceOnReturn?.state === 'fenced', 'the fence on return', 5_000);
    await svc.observe();
    expect(watch.kinds('cleared').filter((e) => e.alarmKey === 'split-brain:cluster').map((e) => e.sample)).toEqual([watch.latest!.index]);
    expect(watch.latest?.headline).toMatchObject({ state: 'fenced-old-primary', suggestion: { kind: 'rejoin', target: id('standby2') } });
    expect((await readEveryNode(cluster)).standby2).toMatchObject(fencedPrimary(2));
    const rejoin = await watch.during(() => svc.observe(), svc.run({ kind: 'rejoin', target: id('standby2') }));
    expect(rejoin.status).toBe('done');
    const end = await settled((x) => x.standby2?.receiverStatus === 'streaming', 'standby2 to stream');
    expect(end.standby2).toMatchObject(streamingStandby('standby1', 3));
    await watch.settle(() => svc.observe());
    console.log(`what the app showed:\n${watch.trace()}`);
    expect(watch.kinds('split-brain')).toHaveLength(1);
    watch.expectSettled(end);
  });
});
