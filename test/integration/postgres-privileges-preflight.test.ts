import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionPlan, PreflightCheck } from '../../shared/model/action';
import { PostgresSpecSchema } from '../../shared/model/cluster';
import { watchDriver, type ClusterWatcher } from '../harness/cluster-watcher';
import { blockers, connectActionDriver, describeRun, type ActionTestDriver } from '../harness/pg-actions';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { harnessHostControl } from '../harness/pg-host-control';
import { isRoot, PG_OS_USER, pgBinDir } from '../harness/pg-binaries';
import { waitUntil } from '../harness/pg-query';
import { createMonitorRole, type MonitorRole } from '../harness/pg-roles';
import { readEveryNode } from '../harness/pg-scenario';

/**
 * Observation 1 of issue 10: a switchover planned with a pg_monitor login showed
 * every check green and failed at step 2. The pre-flight now checks the login's
 * privileges for every step it plans, and names the exact GRANTs.
 */
let cluster: PgCluster;
let monitor: MonitorRole;
let operator: MonitorRole;
const drivers: ActionTestDriver[] = [];
/** The operator's driver, watched as the app does from its switchover on. */
let watch: ClusterWatcher;
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;

async function driverAs(role: MonitorRole | null, agent = true): Promise<ActionTestDriver> {
  const spec = PostgresSpecSchema.parse({
    engine: 'postgres',
    name: `privileges-${role?.user ?? 'postgres'}`,
    seeds: cluster.nodes.map((n) => (role ? role.connectionString(n.name) : n.connectionString)),
    discoveryPorts: cluster.nodes.map((n) => n.port),
    timeouts: { connectTimeoutMs: 2_000, queryTimeoutMs: 5_000 },
  });
  const d = await connectActionDriver(spec, agent ? harnessHostControl(cluster) : null);
  drivers.push(d);
  await d.sample();
  return d;
}

const privilegeChecks = (plan: ActionPlan): PreflightCheck[] => plan.checks.filter((c) => c.id.startsWith('privileges:'));
/** Every GRANT the plan's failing privilege checks name. */
const grantsNamed = (plan: ActionPlan): string[] =>
  [...new Set(privilegeChecks(plan).filter((c) => !c.ok).flatMap((c) => c.explanation.match(/(GRANT|ALTER ROLE) [^;]+;/g) ?? []))].sort();

/** Each node read back with SQL as the superuser: role, read-only setting, and (primary) whether it takes a write. */
async function nodeStates(): Promise<Record<string, { recovery: boolean; readOnly: string; writes: boolean | null }>> {
  const out: Record<string, { recovery: boolean; readOnly: string; writes: boolean | null }> = {};
  for (const n of cluster.nodes) {
    const [row] = await cluster.query<{ rec: boolean; ro: string }>(n.name, "SELECT pg_is_in_recovery() AS rec, current_setting('default_transaction_read_only') AS ro");
    let writes: boolean | null = null;
    if (row && !row.rec) writes = await cluster.query(n.name, 'INSERT INTO rd_priv DEFAULT VALUES').then(() => true, () => false);
    out[n.name] = { recovery: row?.rec ?? true, readOnly: row?.ro ?? '?', writes };
  }
  return out;
}

async function streamsFrom(name: string, upstream: string): Promise<void> {
  await waitUntil(
    async () => (await cluster.query<{ port: number }>(name, "SELECT sender_port AS port FROM pg_stat_wal_receiver WHERE status = 'streaming'"))[0]?.port === cluster.node(upstream).port,
    `${name} to stream from ${upstream}`,
    15_000,
  );
}

/** One runbook line, run by a shell as the admin would: host commands as the server's OS user, the password in PGPASSWORD. */
async function runLine(command: string, password: string, asServerUser: boolean): Promise<string> {
  const argv = isRoot && asServerUser ? ['runuser', ['-u', PG_OS_USER, '--', 'env', `PGPASSWORD=${password}`, 'bash', '-c', command]] : ['bash', ['-c', command]];
  const r = await promisify(execFile)(argv[0] as string, argv[1] as string[], { env: { ...process.env, PGPASSWORD: password }, cwd: '/' });
  return `${r.stdout}${r.stderr}`;
}

/** The plan may not run: every step is refused before it touches a server. */
async function expectRefused(d: ActionTestDriver, plan: ActionPlan): Promise<void> {
  for (const step of plan.steps) {
    const r = await d.driver.executeStep(plan, step, new AbortController().signal);
    expect(r, step.id).toMatchObject({ ok: false, code: 'preflight-failed' });
  }
}

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  await cluster.query('primary', 'CREATE TABLE rd_priv (id serial PRIMARY KEY)');
  monitor = await createMonitorRole(cluster, { user: 'monitor' });
  operator = await createMonitorRole(cluster, { user: 'operator' });
});

afterAll(async () => {
  for (const d of drivers) await d.dispose();
  await cluster?.stop();
});

const UNCHANGED = {
  primary: { recovery: false, readOnly: 'off', writes: true },
  standby1: { recovery: true, readOnly: 'off', writes: null },
  standby2: { recovery: true, readOnly: 'off', writes: null },
};

/** Exactly what the checks name for a full switchover (with the agent) and a failover, for the role "monitor". */
const OPERATOR_GRANTS = [
  'GRANT ALTER SYSTEM ON PARAMETER default_transaction_read_only TO "monitor";',
  'GRANT ALTER SYSTEM ON PARAMETER primary_conninfo TO "monitor";',
  'GRANT ALTER SYSTEM ON PARAMETER recovery_target_timeline TO "monitor";',
  'GRANT EXECUTE ON FUNCTION pg_promote(boolean, integer) TO "monitor";',
  'GRANT EXECUTE ON FUNCTION pg_reload_conf() TO "monitor";',
  'GRANT pg_checkpoint TO "monitor";',
  'GRANT pg_signal_backend TO "monitor";',
];

describe('pre-flight privilege checks on PostgreSQL 15', () => {
  let named: string[] = [];

  it('a pg_monitor login: a switchover is blocked by the GRANTs it lacks, and nothing runs', async () => {
    const d = await driverAs(monitor);
    const plan = await d.plan({ kind: 'switchover', target: id('standby1') });
    console.log('monitor switchover blockers:\n ', blockers(plan).join('\n  '));
    const failing = privilegeChecks(plan).filter((c) => !c.ok);
    expect(failing.map((c) => [c.id, c.severity])).toEqual([
      [`privileges:${id('primary')}`, 'blocker'],
      [`privileges:${id('standby1')}`, 'blocker'],
      [`privileges:${id('standby2')}`, 'blocker'],
    ]);
    expect(plan.checks.find((c) => c.id === `privileges:${id('standby1')}`)?.explanation).toContain('GRANT EXECUTE ON FUNCTION pg_promote(boolean, integer) TO "monitor";');
    expect(blockers(plan).join('\n')).not.toMatch(/GRANT pg_monitor/);
    named = grantsNamed(plan);
    expect(named).toEqual(OPERATOR_GRANTS);
    await expectRefused(d, plan);
    expect(await nodeStates()).toEqual(UNCHANGED);
  });

  it('a pg_monitor login: a failover with the primary down names promote and re-point GRANTs, and nothing runs', async () => {
    const d = drivers[0]!;
    await cluster.stopNode('primary');
    try {
      const plan = await d.plan({ kind: 'failover', target: id('standby1') });
      console.log('monitor failover checks:\n ', privilegeChecks(plan).map((c) => `${c.severity} ${c.id}: ${c.explanation}`).join('\n  '));
      const byNode = (name: string) => plan.checks.find((c) => c.id === `privileges:${id(name)}`);
      expect(byNode('standby1')).toMatchObject({ ok: false, severity: 'blocker' });
      expect(byNode('standby1')?.explanation).toContain('GRANT EXECUTE ON FUNCTION pg_promote(boolean, integer) TO "monitor";');
      expect(byNode('standby2')?.explanation).toContain('GRANT ALTER SYSTEM ON PARAMETER primary_conninfo TO "monitor";');
      // The old primary does not answer: judged from a standby's copy of the catalog, as a warning.
      expect(byNode('primary')).toMatchObject({ ok: false, severity: 'warning' });
      expect(byNode('primary')?.explanation).toContain('GRANT pg_signal_backend TO "monitor";');
      await expectRefused(d, plan);
      for (const name of ['standby1', 'standby2']) {
        const [row] = await cluster.query<{ rec: boolean; ro: string }>(name, "SELECT pg_is_in_recovery() AS rec, current_setting('default_transaction_read_only') AS ro");
        expect(row, name).toEqual({ rec: true, ro: 'off' });
      }
    } finally {
      await cluster.startNode('primary');
      await cluster.waitForStreaming();
    }
    expect(await nodeStates()).toEqual(UNCHANGED);
  });

  it('an operator given exactly the GRANTs named: every privilege check passes and the switchover succeeds without a superuser', async () => {
    expect(named).toEqual(OPERATOR_GRANTS);
    for (const g of named) await cluster.query('primary', g.replace('TO "monitor";', 'TO "operator";'));
    // Grants replicate: wait until both standbys see the last one.
    for (const name of ['standby1', 'standby2']) {
      await waitUntil(
        async () => (await cluster.query<{ ok: boolean }>(name, "SELECT pg_has_role('operator', 'pg_signal_backend', 'USAGE') AS ok"))[0]?.ok === true,
        `the grants to reach ${name}`,
        15_000,
      );
    }
    const d = await driverAs(operator);
    watch = watchDriver(d);
    const plan = await d.plan({ kind: 'switchover', target: id('standby1') });
    expect(privilegeChecks(plan).map((c) => [c.id, c.ok, c.severity])).toEqual([
      [`privileges:${id('primary')}`, true, 'info'],
      [`privileges:${id('standby1')}`, true, 'info'],
      [`privileges:${id('standby2')}`, true, 'info'],
    ]);
    expect(blockers(plan)).toEqual([]);
    const res = await watch.during(() => d.sample(), d.run(plan));
    console.log(`operator switchover: ${res.outcome} in ${res.ms} ms\n${describeRun(res.plan)}`);
    expect(res.outcome).toBe('done');
    const states = await nodeStates();
    expect(states.standby1).toEqual({ recovery: false, readOnly: 'off', writes: true });
    expect(states.primary?.recovery).toBe(true);
    expect(states.standby2?.recovery).toBe(true);
    for (const name of ['primary', 'standby2']) await streamsFrom(name, 'standby1');
    // What the app showed with the operator's login: never split brain, and healthy once it settled.
    await watch.settle(() => d.sample());
    expect(watch.kinds('split-brain')).toEqual([]);
    watch.expectSettled(await readEveryNode(cluster));
    const [su] = await cluster.query<{ s: boolean }>('primary', "SELECT rolsuper AS s FROM pg_roles WHERE rolname = 'operator'");
    expect(su?.s).toBe(false);
  });

  it('an operator and a superuser: a failover with the primary down passes every privilege check it can make', async () => {
    const su = await driverAs(null);
    await drivers[1]!.sample(); // the operator's driver learns standby1 is the primary now
    await cluster.stopNode('standby1');
    try {
      // The operator's headline: primary down, with a failover to propose (the login may promote).
      await waitUntil(async () => (await drivers[1]!.sample(), watch.latest?.headline.state === 'primary-down'), 'the headline to say primary down', 10_000);
      expect(watch.latest?.headline).toMatchObject({ title: 'primary standby1 down', suggestion: { kind: 'failover' } });
      for (const d of [drivers[1]!, su]) {
        const plan = await d.plan({ kind: 'failover', target: id('standby2') });
        const checks = privilegeChecks(plan);
        expect(checks.filter((c) => c.severity === 'blocker')).toEqual([]);
        const old = checks.find((c) => c.id === `privileges:${id('standby1')}`);
        expect(old).toMatchObject({ ok: false, severity: 'warning' });
        expect(old?.explanation).toMatch(/does not answer: .* would be allowed \(as read on/);
        expect(checks.find((c) => c.id === `privileges:${id('standby2')}`)).toMatchObject({ ok: true });
      }
      const plan = await su.plan({ kind: 'failover', target: id('standby2') });
      expect(privilegeChecks(plan).find((c) => c.id === `privileges:${id('standby2')}`)?.explanation).toMatch(/"postgres" may promote .*is a superuser/);
    } finally {
      await cluster.startNode('standby1');
      for (const name of ['primary', 'standby2']) await streamsFrom(name, 'standby1');
    }
    // Back: healthy, the down alarms cleared, never split brain.
    await watch.settle(() => drivers[1]!.sample());
    console.log(`what the app showed with the operator's login:\n${watch.trace()}`);
    expect(watch.kinds('split-brain')).toEqual([]);
    watch.expectSettled(await readEveryNode(cluster));
  });

  it('a superuser: every privilege check of a switchover passes', async () => {
    const d = drivers[2]!;
    const plan = await d.plan({ kind: 'switchover', target: id('primary') });
    const checks = privilegeChecks(plan);
    expect(checks.length).toBe(3);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('an operator: a fence is blocked while a superuser has a session there ("needs a superuser"), and allowed once it ends', async () => {
    const d = drivers[1]!;
    const su = new pg.Client({ connectionString: cluster.connectionString('standby1', { params: 'application_name=psql' }) });
    await su.connect();
    try {
      const plan = await d.plan({ kind: 'fence', target: id('standby1') });
      const c = plan.checks.find((x) => x.id === `privileges:${id('standby1')}`);
      expect(c).toMatchObject({ ok: false, severity: 'blocker' });
      expect(c?.explanation).toMatch(/needs a superuser: .* has 1 client session\(s\) of superusers/);
    } finally {
      await su.end();
    }
    await waitUntil(async () => {
      const plan = await d.plan({ kind: 'fence', target: id('standby1') });
      return plan.checks.find((x) => x.id === `privileges:${id('standby1')}`)?.ok === true;
    }, 'the fence check to pass once the superuser session ended', 10_000);
  });

  it("the README's operator role serves the no-agent runbook's pg_rewind -R: warned of the rewind GRANTs first, then the runbook's own lines rewind the old primary and it streams as that role", async () => {
    // Here standby1 is the primary; the others follow it. The README's operator role has REPLICATION, and the standbys replicate as it.
    await cluster.query('standby1', 'ALTER ROLE operator REPLICATION');
    const upstream = cluster.node('standby1').port;
    for (const name of ['primary', 'standby2']) {
      await cluster.query(name, `ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=${upstream} user=operator application_name=${name}'`);
      await cluster.query(name, 'SELECT pg_reload_conf()');
      await waitUntil(
        async () => (await cluster.query<{ ok: boolean }>(name, "SELECT conninfo LIKE '%user=operator%' AND status = 'streaming' AS ok FROM pg_stat_wal_receiver"))[0]?.ok === true,
        `${name} to stream as operator`,
        15_000,
      );
    }
    const d = await driverAs(operator, false);
    const before = await d.plan({ kind: 'switchover', target: id('primary') });
    const warn = before.checks.find((c) => c.id === `runbook-login:${id('primary')}`);
    console.log('runbook login before the rewind GRANTs:', warn?.explanation);
    expect(warn).toMatchObject({ ok: false, severity: 'warning' });
    const rewindGrants = warn?.explanation.match(/GRANT EXECUTE ON FUNCTION pg_catalog\.[^;]+;/g) ?? [];
    expect(rewindGrants).toHaveLength(4);
    expect(warn?.explanation).not.toContain('ALTER ROLE');
    expect(warn?.explanation).toContain('in database postgres: function grants are per database');
    expect(before.steps.find((s) => s.id.startsWith('manual-rewind~'))?.command).toContain('user=<REWIND_LOGIN>');
    expect(blockers(before)).toEqual([]);

    // The README's extra grants, exactly as the warning names them.
    for (const g of rewindGrants) await cluster.query('standby1', g);
    await waitUntil(
      async () => (await cluster.query<{ ok: boolean }>('primary', "SELECT has_function_privilege('operator', 'pg_read_binary_file(text)', 'EXECUTE') AS ok"))[0]?.ok === true,
      'the grants to reach primary',
      15_000,
    );
    const plan = await d.plan({ kind: 'switchover', target: id('primary') });
    expect(plan.checks.find((c) => c.id === `runbook-login:${id('primary')}`)).toMatchObject({ ok: true });
    const cmd = (op: string) => plan.steps.find((s) => s.id.startsWith(`${op}~`))?.command ?? '';
    const dataDir = cluster.node('standby1').dataDir;
    expect(cmd('manual-rewind')).toBe(`${pgBinDir()}/pg_rewind --target-pgdata=${dataDir} --source-server='host=127.0.0.1 port=${cluster.node('primary').port} user=operator dbname=postgres' -R`);
    const res = await d.run(plan);
    console.log(`operator no-agent switchover: ${res.outcome} in ${res.ms} ms\n${describeRun(res.plan)}`);
    expect(res.outcome).toBe('done-manual');

    // The runbook, line by line: stop and start go through the harness (it tracks every server's PID), the rest runs as written.
    await runLine(cmd('manual-checkpoint'), operator.password, false);
    await cluster.stopNode('standby1');
    console.log('pg_rewind:', await runLine(cmd('manual-rewind'), operator.password, true));
    const auto = await runLine(`cat ${dataDir}/postgresql.auto.conf`, operator.password, true);
    console.log('after pg_rewind -R:', auto.split('\n').filter((l) => l.startsWith('primary_conninfo')).join(' | ').replace(/password=\S+/, 'password=<…>'), /password=/.test(auto) ? '(a password was written)' : '(no password written)');
    // Measured: -R copies the PGPASSWORD it used into primary_conninfo, as the runbook's rewind step says.
    expect(auto).toMatch(/password=/);
    expect(plan.steps.find((s) => s.id.startsWith('manual-rewind~'))?.title).toContain('-R copies that password into primary_conninfo');
    await runLine(cmd('manual-config'), operator.password, true);
    await runLine(cmd('manual-standby-signal'), operator.password, true);
    await cluster.startNode('standby1');
    await streamsFrom('standby1', 'primary');
    const [rx] = await cluster.query<{ conninfo: string }>('standby1', 'SELECT conninfo FROM pg_stat_wal_receiver');
    expect(rx?.conninfo).toMatch(/user=operator/);
    const [su] = await cluster.query<{ s: boolean }>('primary', "SELECT rolsuper AS s FROM pg_roles WHERE rolname = 'operator'");
    expect(su?.s).toBe(false);
  });
});
