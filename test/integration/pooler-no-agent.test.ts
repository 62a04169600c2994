import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { ClusterWatch } from '../../electron/core/alarms/cluster-watch';
import { poolerObservations } from '../../electron/core/alarms/pooler-rules';
import type { ClusterEvent } from '../../shared/model/event';
import { startAckedWriter } from '../harness/acked-writer';
import { blockers, describeRun } from '../harness/pg-actions';
import { createProbeTable, readEveryNode, streamingStandby, writablePrimary } from '../harness/pg-scenario';
import { poolerActionRig, type PoolerActionRig } from '../harness/pooler-actions';

let r: PoolerActionRig;
beforeAll(async () => {
  // No agent beside PgBouncer, and PgBouncer's default server_login_retry (15 s).
  r = await poolerActionRig({ agent: false, bouncer: { serverLoginRetryS: 15 } });
}, 180_000);
afterAll(async () => {
  await r?.stop();
});

describe('a pooler without an agent', () => {
  it('the dry run says it cannot be re-pointed, offers the ordinary switchover, and suggests server_login_retry = 1', async () => {
    const target = `127.0.0.1:${r.rig.cluster.node('standby1').port}`;
    const plan = await r.driver.plan({ kind: 'switchover', target });
    const agent = plan.checks.find((c) => c.id === 'pooler:bouncer1:agent');
    expect(agent).toMatchObject({ ok: false, severity: 'blocker' });
    expect(agent?.explanation).toMatch(/cannot be re-pointed: PgBouncer 1\.18's admin console cannot change a \[databases\] entry, and no agent runs beside it.*ordinary switchover/);
    const retry = plan.checks.find((c) => c.id === 'pooler:bouncer1:server-login-retry');
    expect(retry?.ok).toBe(false);
    expect(retry?.explanation).toMatch(/server_login_retry = 15 s.*set server_login_retry = 1/);
    // The ordinary switchover, asked for explicitly: no PAUSE, a re-point step, and a warning that says what clients get.
    const ordinary = await r.driver.plan({ kind: 'switchover', target, poolers: 'ignore' });
    expect(ordinary.steps.map((s) => s.id.split('~')[0]).filter((op) => op!.startsWith('pooler-'))).toEqual(['pooler-repoint', 'pooler-write']);
    expect(ordinary.checks.find((c) => c.id === 'pooler:ignored')?.explanation).toMatch(/bouncer1 is not paused, so its clients see errors from the fence on; it is re-pointed at step \d+/);
    expect(ordinary.checks.filter((c) => !c.ok && c.severity === 'blocker')).toEqual([]);
    // Nothing was changed by planning.
    const [row] = await r.rig.cluster.query<{ rec: boolean }>('primary', 'SELECT pg_is_in_recovery() AS rec');
    expect(row?.rec).toBe(false);
  });

  it('a failover plan says until which step clients see errors', async () => {
    const plan = await r.driver.plan({ kind: 'failover', target: `127.0.0.1:${r.rig.cluster.node('standby1').port}` });
    const until = plan.checks.find((c) => c.id === 'pooler:errors-until');
    expect(until?.explanation).toMatch(/clients of bouncer1 see errors until step \d+/);
    const n = Number(/step (\d+)/.exec(until?.explanation ?? '')?.[1]);
    expect(plan.steps[n - 1]?.id.startsWith('pooler-repoint')).toBe(true);
  });

  // Measured on 1.18: a global PAUSE shows in no SHOW command (SHOW STATE came in 1.20); a database's PAUSE sets SHOW DATABASES' paused.
  it('a pooled database left paused (PAUSE appdb on the console, no RESUME) is read as paused and raises the pooler-paused alarm; RESUME clears it', async () => {
    const b = r.rig.bouncer;
    const admin = new pg.Client({ host: '127.0.0.1', port: b.port, user: b.adminUser, password: b.adminPassword, database: 'pgbouncer' });
    await admin.connect();
    try {
      await admin.query('PAUSE appdb');
      const pausedRead = (await r.driver.sample()).poolers?.[0];
      expect(pausedRead?.databases.find((d) => d.name === 'appdb')?.paused).toBe(true);
      const raised = poolerObservations(pausedRead!).find((o) => o.kind === 'pooler-paused')!;
      expect(raised).toMatchObject({ raise: true, clear: false, severity: 'critical' });
      expect(raised.message).toMatch(/bouncer1 .* is paused \(appdb\)/);
      await admin.query('RESUME appdb');
      const resumed = (await r.driver.sample()).poolers?.[0];
      expect(resumed?.databases.every((d) => !d.paused)).toBe(true);
      expect(poolerObservations(resumed!).find((o) => o.kind === 'pooler-paused')).toMatchObject({ raise: false, clear: true });
    } finally {
      await admin.query('RESUME appdb').catch(() => undefined);
      await admin.end();
    }
  });

  it('an ordinary switchover without the agent: the re-point is skipped with the by-hand change, the misroute alarm holds until it is done, every node ends as SQL says', async () => {
    await createProbeTable(r.rig.cluster, 'primary');
    const target = `127.0.0.1:${r.rig.cluster.node('standby1').port}`;
    const plan = await r.driver.plan({ kind: 'switchover', target, poolers: 'ignore' });
    expect(blockers(plan)).toEqual([]);
    const watch = new ClusterWatch(() => ({ lagThresholdBytes: 1e12, lagThresholdMs: 1e9 }), (e) => (events.push(e), String(events.length)));
    const events: Omit<ClusterEvent, 'id' | 'clusterId'>[] = [];
    watch.observe(await r.driver.sample(), 'primary-replica');
    // An application writing straight to the old primary, with this rig's synchronous_commit = off: a commit is
    // acknowledged before its WAL is written, and the switchover must still keep every acknowledged one.
    await r.rig.cluster.query('primary', 'CREATE TABLE rd_acked (id bigint PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())');
    const writer = await startAckedWriter({ primary: r.rig.cluster.connectionString('primary') }, { intervalMs: 0 });
    await new Promise((res) => setTimeout(res, 500));
    const run = await r.driver.run(plan);
    await writer.stop();
    const acked = [...writer.acked];
    const [kept] = await r.rig.cluster.query<{ n: number }>('standby1', 'SELECT count(*)::int AS n FROM rd_acked WHERE id = ANY($1::bigint[])', [acked]);
    console.log(`ordinary switchover, no agent: ${acked.length} acknowledged writes on the old primary, ${acked.length - (kept?.n ?? 0)} missing on the new one`);
    expect(acked.length).toBeGreaterThan(50);
    expect(kept?.n).toBe(acked.length);
    expect(run.outcome, describeRun(run.plan)).toBe('done');
    const repoint = run.plan.steps.find((s) => s.id.startsWith('pooler-repoint'))!;
    expect(repoint.state).toBe('skipped');
    const newPort = r.rig.cluster.node('standby1').port;
    expect(repoint.detail).toMatch(new RegExp(`cannot be re-pointed: no ready agent.*set appdb's host=127\\.0\\.0\\.1 port=\\d+ to host=127\\.0\\.0\\.1 port=${newPort}; then run RELOAD`));
    expect(run.plan.steps.find((s) => s.id.startsWith('pooler-write'))?.state).toBe('skipped');
    // Every node, read back: standby1 the writable primary on timeline 2, the others streaming from it.
    const nodes = await readEveryNode(r.rig.cluster);
    expect(nodes.standby1).toMatchObject(writablePrimary(2));
    expect(nodes.primary).toMatchObject(streamingStandby('standby1', 2));
    expect(nodes.standby2).toMatchObject(streamingStandby('standby1', 2));
    // The pooler still sends appdb to the old primary: the alarm is raised once it has held 5 s.
    const deadline = Date.now() + 20_000;
    while (!events.some((e) => e.kind === 'pooler-misrouted') && Date.now() < deadline) {
      watch.observe(await r.driver.sample(), 'primary-replica');
      await new Promise((res) => setTimeout(res, 500));
    }
    const raised = events.find((e) => e.kind === 'pooler-misrouted');
    expect(raised?.message).toMatch(/pooler bouncer1 sends appdb to .*which is a standby \(read-only\); .* is the primary: pooled writes fail until appdb points at it/);
    // The admin does what the step said: the [databases] line, then RELOAD. The alarm clears at the next sample.
    const ini = readFileSync(r.rig.bouncer.iniFile, 'utf8');
    writeFileSync(r.rig.bouncer.iniFile, ini.replace(/^(appdb\s*=.*port=)\d+/m, `$1${newPort}`));
    await r.rig.bouncer.admin('RELOAD');
    watch.observe(await r.driver.sample(), 'primary-replica');
    expect(events.at(-1)).toMatchObject({ kind: 'cleared', alarmKey: expect.stringMatching(/^pooler-misrouted:/) });
    const c = new pg.Client(r.rig.appConfig());
    c.on('error', () => undefined);
    await c.connect();
    const [row] = (await c.query<{ rec: boolean; port: number }>(`SELECT pg_is_in_recovery() AS rec, current_setting('port')::int AS port`)).rows;
    await c.end();
    expect(row).toEqual({ rec: false, port: newPort });
  }, 120_000);
});
