import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockers, describeRun } from '../harness/pg-actions';
import { poolerActionRig, type PoolerActionRig } from '../harness/pooler-actions';
import { startPoolerLoad } from '../harness/pooler-load';

let r: PoolerActionRig;
beforeAll(async () => {
  r = await poolerActionRig();
}, 180_000);
afterAll(async () => {
  await r?.stop();
});

interface NodeTruth {
  name: string;
  rec: boolean;
  tli: number;
  upstream: number | null;
  readOnly: string;
}

/** Every node read back with SQL: role, timeline, upstream port, read-only, and whether it accepts a write. */
async function truth(): Promise<NodeTruth[]> {
  const out: NodeTruth[] = [];
  for (const n of r.rig.cluster.nodes) {
    const [row] = await r.rig.cluster.query<{ rec: boolean; tli: number; up: number | null; ro: string }>(
      n.name,
      `SELECT pg_is_in_recovery() AS rec,
        CASE WHEN pg_is_in_recovery() THEN (SELECT received_tli FROM pg_stat_wal_receiver) ELSE (SELECT timeline_id FROM pg_control_checkpoint()) END AS tli,
        (SELECT sender_port FROM pg_stat_wal_receiver) AS up, current_setting('default_transaction_read_only') AS ro`,
    );
    if (!row) throw new Error(`no row from ${n.name}`);
    out.push({ name: n.name, rec: row.rec, tli: row.tli, upstream: row.up, readOnly: row.ro });
  }
  return out;
}

describe('switchover through PgBouncer (PAUSE … RESUME)', () => {
  it('the sample reads the pooler: mode, routes, clients and server connections per node', async () => {
    const sample = await r.driver.sample();
    const p = sample.poolers?.[0];
    expect(p?.status).toBe('ok');
    expect(p?.poolMode).toBe('transaction');
    expect(p?.serverLoginRetryS).toBe(1);
    expect(p?.agent).toBe('ready');
    expect(p?.databases.find((d) => d.name === 'appdb')?.targetNodeId).toBe(`127.0.0.1:${r.rig.cluster.node('primary').port}`);
  });

  it('flags sessions that bypass the pooler on the primary', async () => {
    const direct = new pg.Client({ connectionString: r.rig.cluster.connectionString('primary'), application_name: 'direct-app' });
    // A node agent's own session is ReplicaDesk's, not an application's: neither flagged nor fenced.
    const agent = new pg.Client({ connectionString: r.rig.cluster.connectionString('primary'), application_name: 'replicadesk-agent' });
    for (const c of [direct, agent]) {
      c.on('error', () => undefined);
      await c.connect();
    }
    try {
      const sample = await r.driver.sample();
      const primary = sample.nodes.find((n) => n.role === 'primary');
      expect(primary?.notes?.join(' ')).toMatch(/1 session bypasses the pooler: it will see errors/);
      const plan = await r.driver.plan({ kind: 'switchover', target: `127.0.0.1:${r.rig.cluster.node('standby1').port}` });
      const stall = plan.checks.find((c) => c.id === 'pooler:stall')?.explanation ?? '';
      expect(stall).toMatch(/1 session bypasses the pooler: it will see errors \(pid \d+ \(postgres@127\.0\.0\.1:\d+, direct-app\)\)/);
      expect(stall).not.toMatch(/replicadesk-agent/);
    } finally {
      await direct.end();
      await agent.end();
    }
  });

  it('8 clients through PgBouncer see no error and lose no write during a switchover', async () => {
    const load = await startPoolerLoad(r.rig.appConfig(), 'pooled_writes', 8);
    await new Promise((res) => setTimeout(res, 1_500));
    const plan = await r.driver.plan({ kind: 'switchover', target: `127.0.0.1:${r.rig.cluster.node('standby1').port}` });
    expect(blockers(plan)).toEqual([]);
    expect(plan.steps.map((s) => s.id.split('~')[0])).toEqual(expect.arrayContaining(['pooler-pause', 'pooler-repoint', 'pooler-resume', 'pooler-write']));
    const started = Date.now();
    const run = await r.driver.run(plan);
    const ended = Date.now();
    load.markWindow(started, ended);
    await new Promise((res) => setTimeout(res, 1_000));
    const result = await load.stop();
    console.log(`pooler switchover ${run.ms} ms; committed ${result.committed}; errors ${result.errors.length}; max latency in switchover ${result.maxLatencyInWindowMs} ms\n${describeRun(run.plan)}`);
    expect(run.outcome, describeRun(run.plan)).toBe('done');
    expect(result.errors).toEqual([]);
    const [count] = await r.rig.cluster.query<{ n: string }>('standby1', 'SELECT count(*)::text AS n FROM pooled_writes');
    expect(Number(count?.n)).toBe(result.committed);
    expect(result.maxLatencyInWindowMs).toBeLessThan(2_000);
    const pause = run.plan.steps.find((s) => s.id.startsWith('pooler-pause'));
    expect(pause?.detail).toMatch(/SHOW SERVERS: 0 server connections/);
    expect(run.plan.steps.find((s) => s.id.startsWith('pooler-repoint'))?.detail).toMatch(new RegExp(`appdb → 127\\.0\\.0\\.1:${r.rig.cluster.node('standby1').port}`));
    expect(run.plan.steps.find((s) => s.id.startsWith('pooler-write'))?.detail).toMatch(/committed on standby1/);
    // Every node read back.
    const t = await truth();
    const by = (n: string) => t.find((x) => x.name === n);
    expect(by('standby1')).toMatchObject({ rec: false, readOnly: 'off' });
    expect(by('primary')).toMatchObject({ rec: true, upstream: r.rig.cluster.node('standby1').port });
    expect(by('standby2')).toMatchObject({ rec: true, upstream: r.rig.cluster.node('standby1').port });
    expect(new Set(t.map((x) => x.tli)).size).toBe(1);
  });

  it('a transaction held open past the PAUSE timeout: the switchover aborts cleanly, the old primary stays primary, clients resume', async () => {
    // Whichever node is primary now (this test does not depend on the one before).
    const t = await truth();
    const old = t.find((x) => !x.rec);
    const cand = t.find((x) => x.rec && x.upstream === (old ? r.rig.cluster.node(old.name).port : -1));
    if (!old || !cand) throw new Error(`no primary with a direct standby: ${JSON.stringify(t)}`);
    const blocker = new pg.Client(r.rig.appConfig());
    blocker.on('error', () => undefined);
    await blocker.connect();
    try {
      // Planned before the transaction began (it passed the dry run); the transaction then outlives the PAUSE timeout.
      const earlier = await r.driver.plan({ kind: 'switchover', target: `127.0.0.1:${r.rig.cluster.node(cand.name).port}` });
      expect(blockers(earlier)).toEqual([]);
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1');
      await new Promise((res) => setTimeout(res, 2_300));
      const plan = await r.driver.plan({ kind: 'switchover', target: `127.0.0.1:${r.rig.cluster.node(cand.name).port}` });
      const long = plan.checks.find((c) => c.id.endsWith(':long-transactions'));
      // It came through the pooler: PAUSE will wait for it, so the plan says so for certain, as a blocker.
      expect(long).toMatchObject({ ok: false, severity: 'blocker' });
      expect(long?.explanation).toMatch(/PAUSE would time out: 1 transaction through bouncer1 has been open .*pid \d+ \(app@127\.0\.0\.1/);
      // The dry run now refuses; the plan confirmed earlier still meets the PAUSE timeout and aborts safely.
      const run = await r.driver.run(earlier);
      expect(run.outcome, describeRun(run.plan)).toBe('failed');
      const pause = run.plan.steps.find((s) => s.id.startsWith('pooler-pause'));
      expect(pause?.state).toBe('failed');
      expect(pause?.detail).toMatch(/did not complete within 2000 ms.*RESUME accepted/);
      expect(run.plan.steps.filter((s) => s.state === 'done').map((s) => s.id.split('~')[0])).toEqual(['verify']);
      const [row] = await r.rig.cluster.query<{ rec: boolean; ro: string }>(old.name, "SELECT pg_is_in_recovery() AS rec, current_setting('default_transaction_read_only') AS ro");
      expect(row).toEqual({ rec: false, ro: 'off' });
      await r.rig.cluster.query(old.name, 'CREATE TABLE IF NOT EXISTS untouched (x int)');
      // Other clients go through at once, while the long transaction is still open.
      const c = new pg.Client(r.rig.appConfig());
      c.on('error', () => undefined);
      await c.connect();
      const t0 = Date.now();
      await c.query('SELECT 1');
      expect(Date.now() - t0).toBeLessThan(500);
      await c.end();
      await blocker.query('COMMIT');
    } finally {
      await blocker.end().catch(() => undefined);
    }
  });

  it('session pooling is refused in the dry run, with the reason and the ordinary switchover offered', async () => {
    const { poolerChecks } = await import('../../electron/drivers/postgres/pooler/pooler-checks');
    const sample = await r.driver.sample();
    const reading = { ...(sample.poolers?.[0] ?? ({} as never)), poolMode: 'session' as const };
    const checks = poolerChecks({ reading, spec: { name: 'b', host: reading.host, port: reading.port, user: 'x', password: '', pauseTimeoutMs: 2_000 }, sessions: [], expectedStallMs: 300 });
    const mode = checks.find((x) => x.id.endsWith(':pool-mode'));
    expect(mode).toMatchObject({ ok: false, severity: 'blocker' });
    expect(mode?.explanation).toMatch(/pool_mode = session.*PAUSE waits until every client disconnects.*ordinary switchover/);
  });
});
