import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionJournal } from '../../electron/core/actions/action-journal';
import { runPlan } from '../../electron/core/actions/action-runner';
import type { ActionPlan } from '../../shared/model/action';
import type { ClusterSample } from '../../shared/model/sample';
import { startAckedWriter, type AckedWriter } from '../harness/acked-writer';
import { watchDriver, type ClusterWatcher } from '../harness/cluster-watcher';
import { actionDriver, blockers, describeRun, type ActionTestDriver } from '../harness/pg-actions';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { harnessHostControl } from '../harness/pg-host-control';
import { waitUntil } from '../harness/pg-query';
import { createProbeTable, fencedPrimary, readEveryNode, scenarioService, streamingStandby, writablePrimary } from '../harness/pg-scenario';

let cluster: PgCluster;
let d: ActionTestDriver;
let writer: AckedWriter;
let watch: ClusterWatcher;
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;
const nameOf = (nodeId: string) => cluster.nodes.find((n) => id(n.name) === nodeId)?.name ?? nodeId;
const measured: { run: number; to: string; unavailableMs: number; writableMs: number; totalMs: number; lost: number }[] = [];

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  d = await actionDriver(cluster, harnessHostControl(cluster));
  watch = watchDriver(d);
  await cluster.query('primary', 'CREATE TABLE rd_acked (id bigint PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())');
  await createProbeTable(cluster, 'primary');
  await d.sample();
});

afterAll(async () => {
  await writer?.stop();
  await d?.dispose();
  await cluster?.stop();
  if (measured.length) console.table(measured);
});

/** Where every node stands, from the driver's own sample. */
function assertSwitched(s: ClusterSample, primary: string): void {
  const p = s.nodes.find((n) => n.id === primary);
  expect(p?.role, JSON.stringify(s.nodes)).toBe('primary');
  for (const n of s.nodes.filter((x) => x.id !== primary)) {
    expect(n.role, `${n.name}`).toBe('replica');
    expect(n.status.kind, `${n.name}: ${JSON.stringify(n.status)}`).toBe('up');
    expect(n.timeline, `${n.name} timeline`).toBe(p?.timeline);
    const link = s.links.find((l) => l.to === n.id);
    expect(link?.from, `${n.name} streams from`).toBe(primary);
    expect(link?.state).toBe('streaming');
  }
}

async function ackedMissingOn(node: string, ids: readonly number[]): Promise<number> {
  const rows = await cluster.query<{ n: number }>(node, 'SELECT count(*)::int AS n FROM rd_acked WHERE id = ANY($1::bigint[])', [ids]);
  return ids.length - (rows[0]?.n ?? 0);
}

async function switchTo(run: number, target: string, execute: (plan: ActionPlan) => Promise<{ outcome: string; plan: ActionPlan; ms: number }>) {
  const plan = await d.plan({ kind: 'switchover', target: id(target) });
  expect(blockers(plan), 'pre-flight blockers').toEqual([]);
  expect(plan.expectedDataLossBytes).toBe(0);
  expect(plan.steps.map((s) => s.id.split('~')[0])).toEqual([
    'verify', 'fence', 'host-stop', 'wait-caught-up', 'promote', 'wait-writable',
    'repoint', 'wait-streaming', 'checkpoint', 'rewind', 'standby-config', 'host-start', 'wait-streaming',
  ]);
  const outagesBefore = writer.outages.length;
  const seenBefore = watch.seen.length;
  // Sampled while it runs, as the app's monitor would.
  const res = await watch.during(() => d.sample(), execute(plan));
  console.log(`switchover ${run} → ${target}: ${res.outcome} in ${res.ms} ms\n${describeRun(res.plan)}`);
  expect(res.outcome).toBe('done');
  const writable = res.plan.steps.find((s) => s.id.startsWith('wait-writable'));
  const fenced = res.plan.steps.find((s) => s.id.startsWith('fence'));
  // Let the writer land a few writes on the new primary before we count.
  const ackedAfter = writer.acked.length;
  await waitUntil(async () => writer.acked.length > ackedAfter + 5, 'the writer to write on the new primary', 10_000);
  const snapshot = [...writer.acked];
  const lost = await ackedMissingOn(target, snapshot);
  const outages = writer.outages.slice(outagesBefore);
  const outage = outages.reduce((m, o) => Math.max(m, o.ms), 0);
  const t0 = fenced?.startedAt ?? 0;
  console.log(`writer outages (ms from fence start): ${outages.map((o) => `${o.from - t0}..${o.to - t0}`).join(', ')}`);
  // Never two writable primaries on the way, and no link shown that no server reports.
  expect(watch.headlines(seenBefore), 'headlines during the switchover').not.toContain('split-brain');
  expect(watch.kinds('split-brain')).toEqual([]);
  expect(watch.problems).toEqual([]);
  measured.push({ run, to: target, unavailableMs: outage, writableMs: (writable?.endedAt ?? 0) - (fenced?.startedAt ?? 0), totalMs: res.ms, lost });
  expect(lost, 'acknowledged writes missing on the new primary').toBe(0);
  assertSwitched((await d.sample()), id(target));
  // Every node by its own SQL (the agent rejoined the old primary): one writable primary, the rest following it.
  const truth = await readEveryNode(cluster);
  const tli = truth[target]?.timeline ?? -1;
  expect(truth[target], target).toMatchObject(writablePrimary(tli));
  for (const n of cluster.nodes.filter((x) => x.name !== target)) {
    await waitUntil(async () => (await readEveryNode(cluster))[n.name]?.receiverStatus === 'streaming', `${n.name} to stream`, 10_000);
    expect((await readEveryNode(cluster))[n.name], n.name).toMatchObject(streamingStandby(target, tli));
  }
}

describe('postgres switchover under a continuous writer', () => {
  it('refuses a paused candidate and a lagging one, each with its reason', async () => {
    await cluster.query('standby2', 'SELECT pg_wal_replay_pause()');
    try {
      const plan = await d.plan({ kind: 'switchover', target: id('standby2') });
      const paused = plan.checks.find((c) => c.id === 'replay-paused');
      expect(paused).toMatchObject({ ok: false, severity: 'blocker' });
      expect(paused?.explanation).toMatch(/replay is paused/);
      const refused = await d.driver.executeStep(plan, plan.steps[0]!, new AbortController().signal);
      expect(refused).toMatchObject({ ok: false, code: 'preflight-failed' });
      await cluster.query('primary', "INSERT INTO rd_acked (id) SELECT -g FROM generate_series(1, 2000) g");
      await waitUntil(
        async () => (await cluster.query<{ behind: boolean }>('standby2', 'SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn() AS behind'))[0]?.behind === true,
        'standby2 to receive WAL it does not replay',
        10_000,
      );
      const lagging = await d.plan({ kind: 'switchover', target: id('standby2'), maxLagMs: 0 });
      expect(lagging.checks.find((c) => c.id === 'lag-time')).toMatchObject({ ok: false, severity: 'blocker' });
    } finally {
      await cluster.query('standby2', 'SELECT pg_wal_replay_resume()');
    }
    // A standby that stopped receiving: not streaming, and lag in bytes over the limit.
    await cluster.query('standby1', "ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1 user=postgres application_name=standby1'");
    await cluster.query('standby1', 'SELECT pg_reload_conf()');
    try {
      await cluster.query('primary', "INSERT INTO rd_acked (id) SELECT -g FROM generate_series(2001, 4000) g");
      const plan = await d.plan({ kind: 'switchover', target: id('standby1'), maxLagBytes: 1024 });
      const lag = plan.checks.find((c) => c.id === 'lag-bytes');
      console.log('refusals:', blockers(plan));
      expect(lag).toMatchObject({ ok: false, severity: 'blocker' });
      expect(lag?.explanation).toMatch(/^lag .+ > 1(\.0)? KB limit$/);
      expect(plan.checks.find((c) => c.id === 'streaming')).toMatchObject({ ok: false });
    } finally {
      await cluster.query('standby1', `ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=${cluster.node('primary').port} user=postgres application_name=standby1'`);
      await cluster.query('standby1', 'SELECT pg_reload_conf()');
      await cluster.waitForStreaming();
    }
  });

  it('switches over 5 times back and forth with every acknowledged write kept', async () => {
    writer = await startAckedWriter(Object.fromEntries(cluster.nodes.map((n) => [n.name, n.connectionString])));
    await waitUntil(async () => writer.acked.length > 20, 'the writer to start', 10_000);
    const targets = ['standby1', 'standby2', 'primary', 'standby1', 'primary'];
    for (const [i, target] of targets.entries()) await switchTo(i + 1, target, (plan) => d.run(plan));
    expect(writer.acked.length).toBeGreaterThan(100);
    // Settled: healthy, every alarm raised on the way (the refusals' cut-off, each stop) cleared, only the links the servers report.
    await watch.settle(() => d.sample());
    console.log(`what the app showed (${watch.seen.length} samples):\n${watch.trace()}`);
    watch.expectSettled(await readEveryNode(cluster));
  });

  it('leaves a journal that says where an action stopped when the app dies mid-way', async () => {
    const plan = await d.plan({ kind: 'switchover', target: id('standby2') });
    expect(blockers(plan)).toEqual([]);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let reachedPromote = false;
    // The executor "hangs" on promote, as if the app died there: the journal has a start and no end.
    const running = runPlan(
      plan,
      async (step, signal) => {
        if (step.id.startsWith('promote')) {
          reachedPromote = true;
          await held;
        }
        return d.driver.executeStep(plan, step, signal);
      },
      d.journal,
      { now: () => Date.now(), onProgress: () => undefined, signal: new AbortController().signal },
    );
    await waitUntil(async () => reachedPromote, 'the action to reach promote', 30_000);
    // A fresh journal reader, as the restarted app would make.
    const stopped = await new ActionJournal(d.journalDir).interrupted();
    expect(stopped).toHaveLength(1);
    expect(stopped[0]?.stoppedIn?.id).toBe(`promote~${id('standby2')}`);
    expect(stopped[0]?.advice).toMatch(/stopped during "Promote .*" \(SELECT pg_promote/);
    expect(stopped[0]?.advice).toMatch(/Done before it: Verify .*, Fence .*, Stop .*, Wait until/);
    console.log('journal after the "crash":', stopped[0]?.advice);
    release();
    const res = await running;
    expect(res.outcome).toBe('done');
    expect(await new ActionJournal(d.journalDir).interrupted()).toEqual([]);
    assertSwitched(await d.sample(), id('standby2'));
    expect(await ackedMissingOn('standby2', [...writer.acked])).toBe(0);
    console.log(`writer: ${writer.acked.length} acknowledged writes, last to ${nameOf(id(writer.writingTo ?? ''))}`);
  });

  it('switches over by SQL alone without an agent: done with the manual runbook left, then done once the admin\'s rejoin is seen', async () => {
    const sqlOnly = await actionDriver(cluster, null);
    const w = watchDriver(sqlOnly);
    const svc = scenarioService(sqlOnly, 'failover-test', w);
    try {
      await createProbeTable(cluster, 'standby2');
      const before = await readEveryNode(cluster);
      const oldTli = before.standby2?.timeline ?? 0;
      const plan = await sqlOnly.plan({ kind: 'switchover', target: id('standby1') });
      expect(blockers(plan)).toEqual([]);
      expect(plan.steps.map((s) => s.id.split('~')[0])).toEqual([
        'verify', 'fence', 'wait-caught-up', 'promote', 'wait-writable', 'repoint', 'wait-streaming',
        'manual-checkpoint', 'manual-stop', 'manual-rewind', 'manual-config', 'manual-standby-signal', 'manual-start',
      ]);
      // Before confirmation the plan says ReplicaDesk cannot finish, and the runbook is this cluster's.
      expect(plan.checks.find((c) => c.id === 'rejoin')).toMatchObject({ ok: false, severity: 'warning' });
      expect(plan.checks.find((c) => c.id === 'rejoin')?.explanation).toMatch(/^ReplicaDesk cannot finish this switchover: no agent on standby2's host/);
      const cmd = (op: string) => plan.steps.find((s) => s.id.startsWith(`${op}~`))?.command ?? '';
      const dataDir = cluster.node('standby2').dataDir;
      // The standbys replicate as postgres (a superuser): the runbook names that login, with the Debian bindir of the server's major.
      expect(cmd('manual-rewind')).toBe(`/usr/lib/postgresql/15/bin/pg_rewind --target-pgdata=${dataDir} --source-server='host=127.0.0.1 port=${cluster.node('standby1').port} user=postgres dbname=postgres' -R`);
      expect(cmd('manual-config')).toBe(`printf '%s\\n' 'port = ${cluster.node('standby2').port}' 'cluster_name = '\\''standby2'\\''' >> ${dataDir}/postgresql.auto.conf`);
      expect(plan.steps.find((s) => s.id.startsWith('fence~'))?.title).toBe(`Fence standby2 (${id('standby2')}): refuse writes, end sessions`);

      const fencedStart = writer.outages.length;
      const started = Date.now();
      await svc.observe();
      const run = await w.during(() => svc.observe(), svc.run({ kind: 'switchover', target: id('standby1') }));
      console.log(`SQL-only switchover: ${run.status} in ${Date.now() - started} ms\n${describeRun(run.plan)}`);
      expect(run.status).toBe('done-manual');
      expect(run.plan.steps.filter((s) => s.state === 'manual')).toHaveLength(6);
      // Each step that ran says what it saw when it re-read the server.
      const detail = (op: string) => run.plan.steps.find((s) => s.id.startsWith(`${op}~`))?.detail ?? '';
      expect(detail('fence')).toMatch(/^standby2 refuses writes: SHOW default_transaction_read_only = on \(re-read\); \d+ client session\(s\) ended, 0 left from before the fence$/);
      expect(detail('promote')).toMatch(new RegExp(`^standby1 promoted: pg_is_in_recovery\\(\\) = false, timeline ${oldTli + 1}, at `));
      expect(detail('repoint')).toMatch(new RegExp(`^primary's primary_conninfo names standby1 \\(127\\.0\\.0\\.1:${cluster.node('standby1').port}, re-read\\)`));
      expect(detail('wait-streaming')).toMatch(new RegExp(`^primary streams from standby1: pg_stat_wal_receiver status streaming, sender 127\\.0\\.0\\.1:${cluster.node('standby1').port}, timeline ${oldTli + 1}`));
      const audited = await svc.audit.list();
      expect(audited.at(-1)?.outcome).toMatch(/^done-manual: 6 manual steps left \(CHECKPOINT on standby1 first/);

      const ackedAfter = writer.acked.length;
      await waitUntil(async () => writer.acked.length > ackedAfter + 5, 'the writer to write on the new primary', 10_000);
      expect(await ackedMissingOn('standby1', [...writer.acked])).toBe(0);
      const unavailableMs = writer.outages.slice(fencedStart).reduce((m, o) => Math.max(m, o.ms), 0);
      measured.push({ run: 7, to: 'standby1 (SQL only)', unavailableMs, writableMs: 0, totalMs: Date.now() - started, lost: 0 });

      // Every node, by its own SQL: the new primary writable on the new timeline, the other standby
      // following it, the old primary fenced on the old timeline and refusing writes.
      const after = await readEveryNode(cluster);
      expect(after.standby1).toMatchObject(writablePrimary(oldTli + 1));
      expect(after.primary).toMatchObject(streamingStandby('standby1', oldTli + 1));
      expect(after.standby2).toMatchObject({ ...fencedPrimary(oldTli), streamsFrom: null });
      const s = await svc.observe();
      expect(svc.current(run.plan.id)?.status).toBe('done-manual');
      // The cluster's headline: the fenced old primary awaiting a rejoin by hand; never split brain on the way.
      expect(w.latest?.headline).toMatchObject({
        state: 'fenced-old-primary',
        title: 'standby2 fenced, awaiting rejoin',
        suggestion: { kind: null, text: 'rejoin standby2 as a standby of standby1 (by hand: pg_rewind, standby.signal)' },
      });
      expect(w.kinds('split-brain')).toEqual([]);
      expect(w.headlines()).not.toContain('split-brain');
      // Fenced, so not a split brain; and rejoining it is offered only with the agent.
      expect(sqlOnly.driver.availableActions(s).find((a) => a.nodeId === id('standby2'))?.actions.find((a) => a.kind === 'rejoin')).toEqual({
        kind: 'rejoin', available: false, why: 'needs the agent on that host: rejoin standby2 as a standby of standby1 by hand (pg_rewind, standby.signal, start)',
        byHand: 'rejoin standby2 as a standby of standby1 (by hand: pg_rewind, standby.signal)',
      });

      // The admin follows the runbook (the harness does what its lines do), and the run turns done on its own.
      const host = harnessHostControl(cluster);
      const sig = new AbortController().signal;
      await cluster.query('standby1', 'CHECKPOINT');
      for (const r of [await host.stop(id('standby2'), sig), await host.rewind(id('standby2'), { host: '127.0.0.1', port: cluster.node('standby1').port }, sig),
        await host.writeStandbyConfig(id('standby2'), { host: '127.0.0.1', port: cluster.node('standby1').port }, sig), await host.start(id('standby2'), sig)]) {
        expect(r.ok, JSON.stringify(r)).toBe(true);
      }
      await waitUntil(async () => (await svc.observe(), svc.current(run.plan.id)?.status === 'done'), 'the run to turn done once standby2 streams from standby1', 30_000);
      const done = svc.current(run.plan.id)!;
      expect(done.plan.steps.every((st) => st.state === 'done')).toBe(true);
      expect(done.plan.steps.find((st) => st.id.startsWith('manual-start'))?.detail).toMatch(/^done by the admin; observed: standby2 streams from standby1 on timeline/);
      expect(svc.events.at(-1)).toMatchObject({ kind: 'action-completed', nodeId: id('standby2') });
      await waitUntil(async () => (await svc.audit.list()).at(-1)?.outcome.startsWith('done: standby2 streams from standby1') === true, 'the completion in the audit', 5_000);
      const rejoined = await readEveryNode(cluster);
      expect(rejoined.standby2).toMatchObject(streamingStandby('standby1', oldTli + 1));
      expect(rejoined.standby1).toMatchObject(writablePrimary(oldTli + 1));
      expect(rejoined.primary).toMatchObject(streamingStandby('standby1', oldTli + 1));
      // Settled: healthy, every alarm cleared (standby2's stop for the rewind too), only the links the servers report.
      await w.settle(() => svc.observe());
      console.log(`what the app showed:\n${w.trace()}`);
      expect(w.kinds('split-brain')).toEqual([]);
      w.expectSettled(rejoined);
    } finally {
      await sqlOnly.dispose();
    }
  });
});
