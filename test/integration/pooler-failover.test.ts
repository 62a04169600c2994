import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionPlan } from '../../shared/model/action';
import { blockers, describeRun } from '../harness/pg-actions';
import { waitUntil } from '../harness/pg-query';
import { fencedPrimary, readEveryNode, streamingStandby, writablePrimary } from '../harness/pg-scenario';
import { appdbRoute, crashPrimary, execute, nodeOf, plan, pooledWrite, scene, startLogins, type Scene } from '../harness/pooler-scene';

/** The plan names the re-point step, and the step clients see errors until is that step. */
function expectRepointPlanned(p: ActionPlan): number {
  const ops = p.steps.map((x) => x.id.split('~')[0]);
  expect(ops).toEqual(expect.arrayContaining(['pooler-repoint', 'pooler-write']));
  expect(ops).not.toContain('pooler-pause');
  const until = p.checks.find((c) => c.id === 'pooler:errors-until')?.explanation ?? '';
  expect(until).toMatch(/^clients of bouncer1 see errors until step \d+ \(the pooler re-pointed at the new primary\)$/);
  const n = Number(/step (\d+)/.exec(until)?.[1]);
  expect(p.steps[n - 1]?.id.startsWith('pooler-repoint')).toBe(true);
  expect(p.steps[n - 1]?.title).toBe('Point bouncer1 at the new primary and confirm with SHOW DATABASES');
  return n;
}

describe('failover through PgBouncer, with the agent beside it', () => {
  let s: Scene;
  let failoverId = '';
  beforeAll(async () => {
    s = await scene(true);
  }, 120_000);
  afterAll(async () => {
    await s?.r.stop();
  });

  it('the primary crashes: the failover re-points the pooler (observed), a write through PgBouncer lands on the new primary, every node as SQL says', async () => {
    await crashPrimary(s);
    const p = await plan(s, { kind: 'failover', target: s.id('standby1') });
    expect(blockers(p)).toEqual([]);
    const n = expectRepointPlanned(p);
    expect(p.steps[n - 1]?.command).toMatch(new RegExp(`appdb → host=127\\.0\\.0\\.1 port=${s.r.rig.cluster.node('standby1').port}`));
    expect(p.checks.find((c) => c.id === 'pooler:bouncer1:agent')).toBeUndefined();
    const run = await execute(s, p.id);
    failoverId = p.id;
    console.log(`pooler failover (agent): ${run.status}\n${describeRun(run.plan)}`);
    expect(run.status, describeRun(run.plan)).toBe('done');
    const repoint = run.plan.steps.find((x) => x.id.startsWith('pooler-repoint'))!;
    expect(repoint.state).toBe('done');
    const newPort = s.r.rig.cluster.node('standby1').port;
    expect(repoint.detail).toMatch(new RegExp(`^SHOW DATABASES on bouncer1: appdb → 127\\.0\\.0\\.1:${newPort} \\(agent: rewrote .*; RELOAD; SHOW DATABASES: appdb → 127\\.0\\.0\\.1:${newPort}\\)$`));
    expect(run.plan.steps.find((x) => x.id.startsWith('pooler-write'))?.detail).toMatch(new RegExp(`committed on standby1 \\(port ${newPort}, not in recovery\\)`));
    expect(await appdbRoute(s)).toBe(`127.0.0.1:${newPort}`);
    // The application's own write through PgBouncer lands on the new primary.
    expect(await pooledWrite(s, 'after')).toEqual({ port: newPort, rec: false });
    const nodes = await readEveryNode(s.r.rig.cluster);
    expect(nodes.primary?.up).toBe(false);
    expect(nodes.standby1).toMatchObject(writablePrimary(2));
    expect(nodes.standby2).toMatchObject(streamingStandby('standby1', 2));
    // Both pooled writes, the one before the crash and the one after, reach the cascading standby.
    await waitUntil(async () => (await s.r.rig.cluster.query('standby2', "SELECT 1 FROM pooled_failover WHERE tag = 'after'")).length === 1, 'standby2 to replay the write after', 10_000);
    expect(await s.r.rig.cluster.query('standby2', 'SELECT tag FROM pooled_failover ORDER BY at')).toEqual([{ tag: 'before' }, { tag: 'after' }]);
    expect(run.fenceOnReturn).toMatchObject({ nodeId: s.id('primary'), state: 'standing' });
  }, 60_000);

  it('the old primary comes back writable: split brain flagged on the first sample, fenced at once; the pooler keeps routing to the new primary', async () => {
    expect(s.watch.kinds('split-brain')).toEqual([]);
    await s.r.rig.cluster.startNode('primary');
    let old = undefined as ReturnType<typeof nodeOf>;
    for (let i = 0; i < 40 && old?.status.kind !== 'up'; i += 1) {
      old = nodeOf(await s.svc.observe(), s.id('primary'));
      if (old?.status.kind !== 'up') await new Promise((res) => setTimeout(res, 250));
    }
    // The sample that reads it again reads it as it came back: a writable primary on the old timeline.
    expect(old).toMatchObject({ role: 'primary', readOnly: false, timeline: 1 });
    const upAt = s.watch.latest!.index;
    expect(s.watch.kinds('split-brain').map((e) => e.sample)).toEqual([upAt]);
    expect(s.watch.kinds('split-brain')[0]?.message).toMatch(/^split brain: (primary and standby1|standby1 and primary) both accept writes as primary; fence primary \(on the older timeline\)/);
    expect(s.watch.latest?.headline.state).toBe('split-brain');
    // Even in that sample the pooler routes to standby1, and no misroute alarm names the returned node as where writes go.
    expect(s.watch.latest?.shown.poolers?.[0]?.databases.find((d) => d.name === 'appdb')?.targetNodeId).toBe(s.id('standby1'));
    expect(s.watch.kinds('pooler-misrouted')).toEqual([]);
    await waitUntil(async () => s.svc.current(failoverId)?.fenceOnReturn?.state === 'fenced', 'the fence on return', 5_000);
    const fenced = await s.svc.observe();
    expect(nodeOf(fenced, s.id('primary'))).toMatchObject({ role: 'primary', readOnly: true });
    expect(s.watch.latest?.headline).toMatchObject({ state: 'fenced-old-primary', suggestion: { kind: 'rejoin', target: s.id('primary') } });
    expect(s.watch.latest?.alarms.filter((a) => a.startsWith('pooler-'))).toEqual([]);
    expect(s.svc.current(failoverId)?.fenceOnReturn?.detail).toMatch(/^primary answers as a writable primary \(sample at .+\); fenced at once: primary refuses writes: SHOW default_transaction_read_only = on \(re-read\)/);
    // SQL: the old primary refuses writes on timeline 1; the new one and the cascade are untouched; PgBouncer still sends writes to standby1.
    const nodes = await readEveryNode(s.r.rig.cluster);
    expect(nodes.primary).toMatchObject(fencedPrimary(1));
    expect(nodes.standby1).toMatchObject(writablePrimary(2));
    expect(nodes.standby2).toMatchObject(streamingStandby('standby1', 2));
    expect(await appdbRoute(s)).toBe(`127.0.0.1:${s.r.rig.cluster.node('standby1').port}`);
    expect(await pooledWrite(s, 'after-return')).toEqual({ port: s.r.rig.cluster.node('standby1').port, rec: false });
    console.log(`old primary back (agent rig):\n${s.watch.trace()}`);
  }, 60_000);
});

describe('failover through PgBouncer, no agent beside it', () => {
  let s: Scene;
  let failoverId = '';
  beforeAll(async () => {
    s = await scene(false);
  }, 120_000);
  afterAll(async () => {
    await s?.r.stop();
  });

  it('the re-point step is skipped with the exact ini change and RELOAD; the pooler still points at the dead node; every node as SQL says', async () => {
    await crashPrimary(s);
    const p = await plan(s, { kind: 'failover', target: s.id('standby1') });
    expect(blockers(p)).toEqual([]);
    expectRepointPlanned(p);
    expect(p.checks.find((c) => c.id === 'pooler:bouncer1:agent')?.explanation).toMatch(/^bouncer1 cannot be re-pointed \(no agent ready beside it.*\): step \d+ will say how to do it by hand, and its clients keep failing until it is done; until then it sends them to primary: should primary come back first, pooled writes land on it \(old timeline\) until ReplicaDesk's next sample fences it, and its rejoin discards them$/);
    const run = await execute(s, p.id);
    failoverId = p.id;
    console.log(`pooler failover (no agent): ${run.status}\n${describeRun(run.plan)}`);
    const oldPort = s.r.rig.cluster.node('primary').port;
    const newPort = s.r.rig.cluster.node('standby1').port;
    const repoint = run.plan.steps.find((x) => x.id.startsWith('pooler-repoint'))!;
    expect(repoint.state).toBe('skipped');
    expect(repoint.detail).toBe(
      `skipped: bouncer1 cannot be re-pointed: no ready agent beside it (PgBouncer 1.18's admin console cannot change a [databases] entry). Its clients keep failing until you do it by hand: in bouncer1's pgbouncer.ini, set appdb's host=127.0.0.1 port=${oldPort} to host=127.0.0.1 port=${newPort}; then run RELOAD on its admin console and check SHOW DATABASES`,
    );
    expect(run.plan.steps.find((x) => x.id.startsWith('pooler-write'))).toMatchObject({ state: 'skipped', detail: expect.stringMatching(/^skipped: no \[databases\] entry of bouncer1 routes to standby1 yet/) });
    expect(run.plan.steps.filter((x) => x.state === 'done').length).toBeGreaterThan(0);
    // The run is 'done' (every step that could act was seen done); the audit names the owed fence and each step
    // that could not act, the pooler left behind first (the UI's outcome line names them too).
    expect(run.status).toBe('done');
    const audited = (await s.svc.audit.list()).filter((e) => e.action === 'failover').map((e) => e.outcome);
    expect(audited).toEqual(['started', `done; fence of primary owed (it was down); could not act (skipped): ${repoint.title}; ${run.plan.steps.find((x) => x.id.startsWith('pooler-write'))!.title}`]);
    expect(repoint.title).toMatch(/bouncer1/);
    expect(await appdbRoute(s)).toBe(`127.0.0.1:${oldPort}`);
    // The application through PgBouncer: still sent to the dead node (PgBouncer holds it until it gives up).
    const dead = await pooledWrite(s, 'through-dead-route', 3_000).then(() => 'accepted', (e: Error) => e.message);
    console.log(`a pooled write with the pooler left on the dead node: ${dead}`);
    expect(dead).not.toBe('accepted');
    const nodes = await readEveryNode(s.r.rig.cluster);
    expect(nodes.primary?.up).toBe(false);
    expect(nodes.standby1).toMatchObject(writablePrimary(2));
    expect(nodes.standby2).toMatchObject(streamingStandby('standby1', 2));
  }, 60_000);

  it('the old primary comes back while the pooler still routes to it: pooled writes land on it until the first sample fences it; the misroute alarm names standby1', async () => {
    await s.r.rig.cluster.startNode('primary');
    // Before ReplicaDesk's next sample nothing stops PgBouncer sending the application to it: a pooled write lands on the old timeline.
    let early: { port: number; rec: boolean } | string = '';
    await waitUntil(async () => {
      early = await pooledWrite(s, 'before-fence', 3_000).catch((e: Error) => e.message);
      return typeof early !== 'string' || !/server_login_retry/.test(early);
    }, 'PgBouncer to log in to the returned node', 10_000);
    expect(early).toEqual({ port: s.r.rig.cluster.node('primary').port, rec: false });
    let old = undefined as ReturnType<typeof nodeOf>;
    for (let i = 0; i < 40 && old?.status.kind !== 'up'; i += 1) {
      old = nodeOf(await s.svc.observe(), s.id('primary'));
      if (old?.status.kind !== 'up') await new Promise((res) => setTimeout(res, 250));
    }
    expect(old).toMatchObject({ role: 'primary', readOnly: false, timeline: 1 });
    expect(s.watch.latest?.headline.state).toBe('split-brain');
    await waitUntil(async () => s.svc.current(failoverId)?.fenceOnReturn?.state === 'fenced', 'the fence on return', 5_000);
    const nodes = await readEveryNode(s.r.rig.cluster);
    expect(nodes.primary).toMatchObject(fencedPrimary(1));
    expect(nodes.standby1).toMatchObject(writablePrimary(2));
    expect(nodes.standby2).toMatchObject(streamingStandby('standby1', 2));
    // That write exists only on the old primary (a rejoin's rewind discards it).
    expect(await s.r.rig.cluster.query('primary', "SELECT tag FROM pooled_failover WHERE tag = 'before-fence'")).toEqual([{ tag: 'before-fence' }]);
    expect(await s.r.rig.cluster.query('standby1', "SELECT tag FROM pooled_failover WHERE tag = 'before-fence'")).toEqual([]);
    // PgBouncer routes to the fenced node: a pooled write is refused there, not accepted on the old timeline.
    // (PgBouncer first answers 'server login has been failing' for server_login_retry after its failed logins to the dead node.)
    let refused = '';
    await waitUntil(async () => {
      refused = await pooledWrite(s, 'to-fenced', 3_000).then(() => 'accepted', (e: Error) => e.message);
      return !/server_login_retry/.test(refused);
    }, 'PgBouncer to log in to the returned node', 10_000);
    expect(refused).toMatch(/read-only transaction/);
    const deadline = Date.now() + 15_000;
    while (!s.watch.latest?.alarms.some((a) => a.startsWith('pooler-misrouted:')) && Date.now() < deadline) {
      await s.svc.observe();
      await new Promise((res) => setTimeout(res, 300));
    }
    const raised = s.watch.kinds('pooler-misrouted').at(-1);
    expect(raised?.message).toMatch(/^pooler bouncer1 sends appdb to primary, which refuses writes \(fenced\); standby1 is the primary: pooled writes fail until appdb points at it$/);
    console.log(`old primary back (no agent):\n${s.watch.trace()}`);
  }, 60_000);
});


/** Longer than the 1 s the dry run asks for (PgBouncer's default is 15 s; 5 s keeps this file short and shows the same). */
const SLOW_RETRY_S = 5;

describe('failover through PgBouncer with server_login_retry = 5 s, clients retrying all along', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await scene(true, SLOW_RETRY_S);
  }, 120_000);
  afterAll(async () => {
    await s?.r.stop();
  });

  it('the failover completes and pooled clients write again on the new primary', async () => {
    const t00 = Date.now();
    await crashPrimary(s);
    console.log(`crash seen in ${Date.now() - t00} ms`);
    const logins = startLogins(s);
    // Clients keep trying through the outage: PgBouncer's logins to the dead primary fail.
    await new Promise((res) => setTimeout(res, 2_500));
    const p = await plan(s, { kind: 'failover', target: s.id('standby1') });
    expect(blockers(p)).toEqual([]);
    expect(p.checks.find((c) => c.id === 'pooler:bouncer1:server-login-retry')?.explanation).toMatch(/server_login_retry = 5 s/);
    expect(p.checks.find((c) => c.id === 'pooler:errors-until')?.explanation).toMatch(/see errors until step \d+ \(the pooler re-pointed at the new primary\), and bouncer1's clients up to server_login_retry = 5 s after it/);
    const t0 = Date.now();
    const run = await execute(s, p.id);
    const repointedAt = run.plan.steps.find((x) => x.id.startsWith('pooler-repoint'))?.endedAt ?? 0;
    console.log(`pooler failover (server_login_retry ${SLOW_RETRY_S} s): ${run.status} in ${Date.now() - t0} ms\n${describeRun(run.plan)}`);
    await waitUntil(async () => logins.okCount() > 0, 'a pooled login to succeed', 25_000).catch(() => undefined);
    const l = await logins.stop();
    const firstOk = l.okAt.find((t) => t > repointedAt);
    console.log(`logins: ${l.okAt.length} ok, ${l.errors.length} errors; first ok ${firstOk ? firstOk - repointedAt : 'never'} ms after the re-point; errors: ${[...new Set(l.errors.map((e) => e.msg))].join(' | ')}; after re-point: ${l.errors.filter((e) => e.at > repointedAt).map((e) => `${e.at - repointedAt}ms ${e.msg}`).join(' | ')}`);
    expect(run.status, describeRun(run.plan)).toBe('done');
    // ReplicaDesk's own write went through at once (its pool never failed a login); the step says the application's pool is not through.
    expect(run.plan.steps.find((x) => x.id.startsWith('pooler-write'))?.detail).toMatch(/committed on standby1 .*; SHOW POOLS: app\/appdb: \d+ waiting \(longest \d+ s\), no server connection yet\. Those clients are not through: .*server_login_retry = 5 s/);
    // ... and the application does get through, within what the plan said (server_login_retry after the re-point).
    expect(firstOk).toBeDefined();
    expect(firstOk! - repointedAt).toBeLessThan(SLOW_RETRY_S * 1_000 + 2_000);
    const nodes = await readEveryNode(s.r.rig.cluster);
    expect(nodes.standby1).toMatchObject(writablePrimary(2));
    expect(nodes.standby2).toMatchObject(streamingStandby('standby1', 2));
  }, 90_000);
});
