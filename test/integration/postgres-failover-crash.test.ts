import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lsnDistance } from '../../electron/drivers/postgres/lsn';
import type { ClusterSample } from '../../shared/model/sample';
import { watchDriver, type ClusterWatcher } from '../harness/cluster-watcher';
import { actionDriver, blockers, describeRun, type ActionTestDriver } from '../harness/pg-actions';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { harnessHostControl, type TestHostControl } from '../harness/pg-host-control';
import { waitUntil } from '../harness/pg-query';
import { createProbeTable, fencedPrimary, readEveryNode, scenarioService, streamingStandby, writablePrimary } from '../harness/pg-scenario';

let cluster: PgCluster;
let host: TestHostControl;
let d: ActionTestDriver;
let svc: ReturnType<typeof scenarioService>;
let watch: ClusterWatcher;
let failoverPlanId = '';
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  host = harnessHostControl(cluster);
  d = await actionDriver(cluster, host);
  await cluster.query('primary', 'CREATE TABLE rd_rows (id bigint PRIMARY KEY, pad text)');
  await createProbeTable(cluster, 'primary');
  watch = watchDriver(d);
  svc = scenarioService(d, 'failover-test', watch);
});

afterAll(async () => {
  await d?.dispose();
  await cluster?.stop();
});

/** Stops a standby's WAL receiver by pointing it at a closed port; it keeps what it has. */
async function cutOff(name: string): Promise<void> {
  await cluster.query(name, `ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1 user=postgres application_name=${name}'`);
  await cluster.query(name, 'SELECT pg_reload_conf()');
  await waitUntil(async () => (await cluster.query(name, "SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'")).length === 0, `${name} to stop streaming`, 10_000);
}

async function insert(from: number, to: number): Promise<void> {
  await cluster.query('primary', `INSERT INTO rd_rows SELECT g, repeat('x', 500) FROM generate_series(${from}, ${to}) g`);
}

async function count(name: string, from: number, to: number): Promise<number> {
  const rows = await cluster.query<{ n: number }>(name, 'SELECT count(*)::int AS n FROM rd_rows WHERE id BETWEEN $1 AND $2', [from, to]);
  return rows[0]?.n ?? -1;
}

describe('postgres failover after kill -9 of the primary', () => {
  let beforeKill: ClusterSample;

  it('chooses the standby with the highest receive LSN, reports the expected loss, and re-points the other', async () => {
    // standby1 stops receiving first, standby2 later: standby2 is ahead, and both miss the last batch.
    await insert(1, 1_000);
    await waitUntil(async () => (await count('standby1', 1, 1_000)) === 1_000, 'standby1 to have batch 1', 10_000);
    await cutOff('standby1');
    await insert(1_001, 2_000);
    await waitUntil(async () => (await count('standby2', 1_001, 2_000)) === 1_000, 'standby2 to have batch 2', 10_000);
    await cutOff('standby2');
    await insert(2_001, 3_000);
    beforeKill = await d.sample();
    const lastPrimaryLsn = beforeKill.nodes.find((n) => n.id === id('primary'))?.position ?? null;
    await cluster.kill9('primary');
    // The cluster's headline: primary down, fail over to the standby that received the most.
    await waitUntil(async () => (await svc.observe(), watch.latest?.headline.state === 'primary-down'), 'the headline to say primary down', 10_000);
    expect(watch.latest?.headline).toMatchObject({ title: 'primary primary down', suggestion: { kind: 'failover', target: id('standby2') } });
    expect(watch.latest?.headline.suggestion?.text).toMatch(/^fail over to standby2, ranked first: lag \d/);

    const lagging = await d.plan({ kind: 'failover', target: id('standby1'), maxLagBytes: 64 * 1024 * 1024 });
    console.log('standby1 refused:', blockers(lagging));
    expect(lagging.checks.find((c) => c.id === `follows:${id('standby2')}`)).toMatchObject({ ok: false, severity: 'blocker' });
    expect(lagging.checks.find((c) => c.id === 'rank')?.explanation).toMatch(/ranked 2 of 2/);
    const tight = await d.plan({ kind: 'failover', target: 'auto', maxLagBytes: 1_024 });
    expect(tight.checks.find((c) => c.id === 'lag-bytes')?.explanation).toMatch(/^would lose .+ > 1(\.0)? KB limit$/);

    const plan = await d.plan({ kind: 'failover', target: 'auto', maxLagBytes: 64 * 1024 * 1024 });
    console.log('failover plan checks:', plan.checks.map((c) => `${c.ok ? 'ok ' : 'NO '} ${c.severity} ${c.id}: ${c.explanation}`).join('\n'));
    expect(plan.target).toBe(id('standby2'));
    expect(blockers(plan)).toEqual([]);
    const recv2 = (await cluster.query<{ lsn: string }>('standby2', 'SELECT pg_last_wal_receive_lsn()::text AS lsn'))[0]?.lsn ?? null;
    expect(plan.expectedDataLossBytes).toBe(lsnDistance(lastPrimaryLsn, recv2));
    expect(plan.expectedDataLossBytes).toBeGreaterThan(500 * 1_000);
    expect(plan.checks.find((c) => c.id === 'fence-before-return')?.explanation).toMatch(/^primary \(127\.0\.0\.1:\d+\) is gone, not fenced: it is fenced the moment it answers/);
    // Numbers say where they come from: the last reading of the primary, and writes down since it stopped answering.
    expect(plan.expectedDataLoss).toMatchObject({ bytes: plan.expectedDataLossBytes, nodeId: id('primary') });
    expect(plan.expectedDataLoss?.measuredAt).toBeGreaterThan(0);
    expect(plan.expectedDataLoss?.lastContactAt).toBeGreaterThanOrEqual(plan.expectedDataLoss?.measuredAt ?? Infinity);
    expect(plan.writesDownSince).toBeGreaterThan(0);
    expect(plan.writesDownSince).toBeLessThanOrEqual(plan.createdAt);

    const run = await watch.during(() => svc.observe(), svc.run({ kind: 'failover', target: 'auto', maxLagBytes: 64 * 1024 * 1024 }));
    failoverPlanId = run.plan.id;
    const res = { outcome: run.status, plan: run.plan, ms: (run.plan.steps.at(-1)?.endedAt ?? 0) - (run.plan.steps[0]?.startedAt ?? 0) };
    console.log(`failover: ${res.outcome} in ${res.ms} ms\n${describeRun(res.plan)}`);
    expect(res.outcome).toBe('done');
    const writable = res.plan.steps.find((s) => s.id.startsWith('wait-writable'));
    const confirmToWritableMs = (writable?.endedAt ?? 0) - (res.plan.steps[0]?.startedAt ?? 0);
    console.log(`confirm → writable: ${confirmToWritableMs} ms; expected loss ${plan.expectedDataLossBytes} bytes`);
    // Nothing was fenced: the step says it was skipped and why, and the fence stays owed.
    const fenceStep = res.plan.steps.at(-1);
    expect(fenceStep?.state).toBe('skipped');
    expect(fenceStep?.detail).toMatch(/^skipped: primary is unreachable \(.+\); the fence is owed: it is fenced the moment it answers as a writable primary$/);
    expect(run.fenceOnReturn).toMatchObject({ nodeId: id('primary'), state: 'standing' });
    expect(svc.events.map((e) => e.kind)).toEqual(['fence-on-return']);

    // What was lost is what the plan said: the batch only the dead primary had.
    expect(await count('standby2', 1, 2_000)).toBe(2_000);
    expect(await count('standby2', 2_001, 3_000)).toBe(0);
    await cluster.query('standby2', "INSERT INTO rd_rows VALUES (-1, 'after failover')");
    await waitUntil(async () => (await count('standby1', -1, -1)) === 1, 'standby1 to replicate from the new primary', 15_000);
    expect(await count('standby1', 1, 2_000)).toBe(2_000);
    const s = await d.sample();
    const p = s.nodes.find((n) => n.id === id('standby2'));
    const s1 = s.nodes.find((n) => n.id === id('standby1'));
    expect(p).toMatchObject({ role: 'primary', timeline: 2 });
    expect(s1).toMatchObject({ role: 'replica', timeline: 2, status: { kind: 'up' } });
    expect(s.links.find((l) => l.to === id('standby1'))).toMatchObject({ from: id('standby2'), state: 'streaming' });
  });

  it('flags split brain within one sample of the old primary coming back writable, fences it at once, and rejoins it', async () => {
    const before = await svc.observe();
    expect(before.nodes.find((n) => n.id === id('primary'))?.status.kind).not.toBe('up');
    // No split brain until now: the old primary was down, the new one alone writable.
    expect(watch.kinds('split-brain')).toEqual([]);
    expect(watch.headlines()).not.toContain('split-brain');
    await cluster.startNode('primary');
    let samples = 0;
    for (; samples < 40; samples += 1) {
      const next = await svc.observe(); // the service reads each sample against the standing fence order
      const old = next.nodes.find((n) => n.id === id('primary'));
      if (old?.status.kind === 'up') {
        expect(old).toMatchObject({ role: 'primary', readOnly: false, timeline: 1 });
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const upAt = watch.latest!.index;
    console.log(`old primary read again after ${samples + 1} samples; events: ${watch.events.filter((e) => e.sample === upAt).map((e) => e.kind).join(', ')}`);
    // The first sample that reads it writable raises split brain, and the headline says so.
    expect(watch.kinds('split-brain').map((e) => e.sample)).toEqual([upAt]);
    expect(watch.kinds('split-brain')[0]?.message).toMatch(/^split brain: (primary and standby2|standby2 and primary) both accept writes as primary; fence primary \(on the older timeline\)/);
    expect(watch.latest?.headline.state).toBe('split-brain');
    // ... and the sample that saw it writable started its fence: done (observed) before the next sample.
    await waitUntil(async () => svc.current(failoverPlanId)?.fenceOnReturn?.state === 'fenced', 'the fence on return', 5_000);
    const fencedSample = await svc.observe();
    expect(fencedSample.nodes.find((n) => n.id === id('primary'))).toMatchObject({ role: 'primary', readOnly: true });
    // Fenced: the split-brain alarm is cleared by an event naming it; the headline offers the rejoin.
    expect(watch.kinds('cleared').filter((e) => e.alarmKey === 'split-brain:cluster').map((e) => e.sample)).toEqual([watch.latest!.index]);
    expect(watch.latest?.headline).toMatchObject({ state: 'fenced-old-primary', suggestion: { kind: 'rejoin', target: id('primary'), text: 'rejoin primary as a standby of standby2' } });
    const order = svc.current(failoverPlanId)?.fenceOnReturn;
    expect(order?.detail).toMatch(/^primary answers as a writable primary \(sample at .+\); fenced at once: primary refuses writes: SHOW default_transaction_read_only = on \(re-read\)/);
    expect(svc.events.map((e) => e.kind)).toEqual(['fence-on-return', 'fence-on-return-cleared']);
    const truth = await readEveryNode(cluster);
    expect(truth.primary).toMatchObject(fencedPrimary(1));
    expect(truth.standby2).toMatchObject(writablePrimary(2));
    expect(truth.standby1).toMatchObject(streamingStandby('standby2', 2));
    expect(d.driver.availableActions(await d.sample()).find((a) => a.nodeId === id('primary'))?.actions.find((a) => a.kind === 'rejoin')).toMatchObject({ available: true });

    const plan = await d.plan({ kind: 'rejoin', target: id('primary') });
    expect(blockers(plan)).toEqual([]);
    const res = await watch.during(() => svc.observe(), d.run(plan));
    console.log(`rejoin: ${res.outcome} in ${res.ms} ms\n${describeRun(res.plan)}`);
    expect(res.outcome).toBe('done');
    expect(res.plan.steps.find((s) => s.id.startsWith('rewind'))?.detail).toMatch(/Done!|no rewind required/);
    const s = await d.sample();
    expect(s.nodes.find((n) => n.id === id('primary'))).toMatchObject({ role: 'replica', timeline: 2, status: { kind: 'up' } });
    // Its divergent batch is gone: it now has exactly what the new primary has.
    expect(await count('primary', 2_001, 3_000)).toBe(0);
    const final = await readEveryNode(cluster);
    expect(final.standby2).toMatchObject(writablePrimary(2));
    expect(final.standby1).toMatchObject(streamingStandby('standby2', 2));
    expect(final.primary).toMatchObject(streamingStandby('standby2', 2));
    expect(host.calls).toContain('rewind primary');
    // Settled: healthy, every alarm raised on the way cleared, only the links the servers report; one split brain in all.
    await watch.settle(() => svc.observe());
    console.log(`what the app showed:\n${watch.trace()}`);
    expect(watch.kinds('split-brain')).toHaveLength(1);
    watch.expectSettled(await readEveryNode(cluster));
  });
});
