import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MariadbDriver } from '../../electron/drivers/mariadb';
import { actionDriver, actionService, startActionChain, stepLines } from '../harness/mariadb-action-rig';
import { connectAdmin } from '../harness/mariadb-server';
import type { MariadbTopology } from '../harness/mariadb-topology';
import { readEveryServer, replicaOf, waitCaughtUp, writablePrimary } from '../harness/mariadb-truth';
import { lostAcked, startMariadbWriter, type MariadbWriter } from '../harness/mariadb-writer';

describe('MariaDB switchover by SQL: fence, catch up, promote, rejoin the old primary, re-point', () => {
  let topo: MariadbTopology;
  let driver: MariadbDriver;
  let rig: ReturnType<typeof actionService>;
  let writer: MariadbWriter | null = null;
  const id = (name: string) => topo.server(name).address;

  beforeAll(async () => {
    topo = await startActionChain();
    console.log(`mariadb: 4-server chain ready for actions in ${topo.startMs} ms`);
    driver = await actionDriver(topo);
    rig = actionService(driver);
  });

  afterAll(async () => {
    await writer?.stop();
    await driver?.dispose();
    await topo?.stop();
  });

  /** Switches over to `to` under a retrying writer; returns the longest stretch without an acknowledged write. */
  async function switchoverUnderLoad(to: string, r = rig): Promise<number> {
    writer = startMariadbWriter(topo.servers.map((s) => s.port));
    const w = writer;
    await waitFor(() => w.acked.length > 50, 'the writer to start');
    const plan = await r.plan({ kind: 'switchover', target: id(to) });
    const failing = plan.checks.filter((c) => !c.ok && c.severity === 'blocker');
    expect(failing, JSON.stringify(plan.checks, null, 1)).toEqual([]);
    const before = w.acked.length;
    const { run, ms } = await r.execute(plan);
    expect(run.status, stepLines(run.plan)).toBe('done');
    await waitFor(() => w.acked.length > before + 50 && w.writingTo === topo.server(to).port, `the writer to write to ${to}`);
    await w.stop();
    writer = null;
    const lost = await lostAcked(topo.server(to).port, w.acked);
    const worst = Math.max(0, ...w.outages.map((o) => o.ms));
    console.log(`switchover → ${to}: ran ${ms} ms, ${w.acked.length} acked writes, ${lost.length} lost, longest write outage ${worst} ms`);
    console.log(stepLines(run.plan));
    expect(lost).toEqual([]);
    // Every step observed its effect and says what it saw.
    for (const s of run.plan.steps) expect(s.state, s.title).toBe('done');
    expect(run.plan.steps.find((s) => s.id.startsWith('fence~'))?.detail).toMatch(/@@read_only = 1.*ended \d+ client session/);
    // The driver's monitoring sessions (same login) are kept, and said so (trial F11).
    expect(run.plan.steps.find((s) => s.id.startsWith('fence~'))?.detail).toMatch(/kept \d+ session\(s\) of ReplicaDesk's own login/);
    expect(run.plan.steps.find((s) => s.id.startsWith('promote~'))?.detail).toMatch(/@@read_only = 0, no replication channel/);
    return worst;
  }

  it('plans with the checks a DBA needs, and changes nothing', async () => {
    const plan = await rig.plan({ kind: 'switchover', target: 'auto' });
    expect([id('replica1'), id('replica2')]).toContain(plan.target);
    const byId = Object.fromEntries(plan.checks.map((c) => [c.id, c]));
    expect(byId['old-primary']?.ok).toBe(true);
    expect(byId.lag?.explanation).toMatch(/GTID distance 0/);
    expect(byId[`errant:${plan.target}`]?.ok).toBe(true);
    expect(byId[`binlog:${plan.target}`]?.ok).toBe(true);
    expect(byId['replication-account']?.ok).toBe(true);
    // rd_admin has ALL PRIVILEGES, which includes READ_ONLY ADMIN: read_only does not stop it.
    expect(byId['read-only-admin']).toMatchObject({ ok: false, severity: 'warning' });
    expect(byId['read-only-admin']?.explanation).toMatch(/'rd_admin'@'127\.0\.0\.1'/);
    expect(plan.checks.filter((c) => c.id.startsWith('privileges:')).every((c) => c.ok)).toBe(true);
    expect(plan.steps.map((s) => s.id.split('~')[0])).toEqual(['verify', 'fence', 'wait-caught-up', 'promote', 'rejoin-old', 'repoint']);
    const truth = await readEveryServer(topo.servers);
    expect(truth.primary).toMatchObject(writablePrimary);
    expect(truth.replica1).toMatchObject(replicaOf('primary'));
  });

  it('switches over to replica1 under a retrying writer: 0 acknowledged writes lost, every server read back', async () => {
    const worst = await switchoverUnderLoad('replica1');
    expect(worst).toBeLessThan(5_000);
    const truth = await readEveryServer(topo.servers);
    expect(truth.replica1).toMatchObject(writablePrimary);
    expect(truth.primary).toMatchObject(replicaOf('replica1'));
    expect(truth.replica2).toMatchObject(replicaOf('replica1'));
    expect(truth.chained).toMatchObject(replicaOf('replica1'));
    const s = await driver.sample(AbortSignal.timeout(5_000));
    expect(s.nodes.find((n) => n.id === id('replica1'))?.role).toBe('primary');
    expect(s.nodes.find((n) => n.id === id('primary'))?.role).toBe('replica');
  });

  it('switches back to the old primary (it rejoined as a replica); every replica of replica1 follows, the once-chained one included', async () => {
    const worst = await switchoverUnderLoad('primary');
    expect(worst).toBeLessThan(5_000);
    const truth = await readEveryServer(topo.servers);
    expect(truth.primary).toMatchObject(writablePrimary);
    expect(truth.replica1).toMatchObject(replicaOf('primary'));
    expect(truth.replica2).toMatchObject(replicaOf('primary'));
    expect(truth.chained).toMatchObject(replicaOf('primary'));
  });

  it('a login lacking READ_ONLY ADMIN and RELOAD gets the exact GRANT per server; with exactly the named grants, the switchover runs', async () => {
    const admin = await connectAdmin(topo.server('primary').port);
    // Created on the primary, so every server has it by replication.
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', ['ops', '127.0.0.1', 'ops-pw']);
    await admin.query('GRANT SLAVE MONITOR, BINLOG MONITOR, REPLICATION MASTER ADMIN, PROCESS, REPLICATION SLAVE ADMIN, CONNECTION ADMIN ON *.* TO ?@?', ['ops', '127.0.0.1']);
    await waitCaughtUp(topo.server('primary'), topo.server('replica2'));
    const ops = await actionDriver(topo, { auth: { user: 'ops', password: 'ops-pw' } });
    try {
      const opsRig = actionService(ops);
      const plan = await opsRig.plan({ kind: 'switchover', target: id('replica2') });
      const priv = Object.fromEntries(plan.checks.filter((c) => c.id.startsWith('privileges:') && !c.ok).map((c) => [c.id, c.explanation]));
      expect(Object.keys(priv).sort()).toEqual([`privileges:${id('primary')}`, `privileges:${id('replica2')}`].sort());
      expect(priv[`privileges:${id('primary')}`]).toContain("lacks READ_ONLY ADMIN: run GRANT READ_ONLY ADMIN ON *.* TO 'ops'@'127.0.0.1';");
      expect(priv[`privileges:${id('replica2')}`]).toContain("lacks RELOAD, READ_ONLY ADMIN: run GRANT RELOAD, READ_ONLY ADMIN ON *.* TO 'ops'@'127.0.0.1';");
      expect(plan.checks.find((c) => c.id === 'read-only-admin')?.explanation).toMatch(/sees only its own grants/);
      await admin.query('GRANT RELOAD, READ_ONLY ADMIN ON *.* TO ?@?', ['ops', '127.0.0.1']);
      await waitCaughtUp(topo.server('primary'), topo.server('replica2'));
      await switchoverUnderLoad('replica2', opsRig);
      const truth = await readEveryServer(topo.servers);
      expect(truth.replica2).toMatchObject(writablePrimary);
      expect(truth.primary).toMatchObject(replicaOf('replica2'));
    } finally {
      await admin.end();
      await ops.dispose();
    }
  });

  it('an operator without REPLICATION SLAVE and no replication account: blocked with the exact GRANT, nothing changed on any server', async () => {
    const before = await readEveryServer(topo.servers);
    expect(before.replica2).toMatchObject(writablePrimary);
    const ops = await actionDriver(topo, { auth: { user: 'ops', password: 'ops-pw' }, replication: undefined });
    const admin = await connectAdmin(topo.server('replica2').port);
    try {
      const opsRig = actionService(ops);
      const plan = await opsRig.plan({ kind: 'switchover', target: id('primary') });
      const c = plan.checks.find((x) => x.id === 'replication-grant');
      expect(c, JSON.stringify(plan.checks, null, 1)).toMatchObject({ ok: false, severity: 'blocker' });
      expect(c?.explanation).toContain("GRANT REPLICATION SLAVE ON *.* TO 'ops'@'127.0.0.1';");
      const ex = await opsRig.service.execute(plan.id, 'mdb-actions');
      expect(ex).toMatchObject({ ok: false, code: 'preflight-failed' });
      const after = await readEveryServer(topo.servers);
      expect(after.replica2).toMatchObject(writablePrimary);
      for (const n of ['primary', 'replica1'] as const) expect(after[n]).toMatchObject(replicaOf('replica2'));
      // Every server as before: read_only and its channels, upstreams included.
      for (const n of Object.keys(before)) expect(after[n], n).toMatchObject({ up: true, readOnly: before[n]!.readOnly, channels: before[n]!.channels });
      // Once granted (on the new primary, which replicates it), the check passes.
      await admin.query('GRANT REPLICATION SLAVE ON *.* TO ?@?', ['ops', '127.0.0.1']);
      const again = await opsRig.plan({ kind: 'switchover', target: id('primary') });
      expect(again.checks.find((x) => x.id === 'replication-grant')).toMatchObject({ ok: true });
    } finally {
      await admin.query('REVOKE REPLICATION SLAVE ON *.* FROM ?@?', ['ops', '127.0.0.1']).catch(() => undefined);
      await admin.end();
      await ops.dispose();
    }
  });

  it('flags an errant GTID on a candidate and refuses to run the plan', async () => {
    const r1 = await connectAdmin(topo.server('replica1').port);
    // A write on a replica (an admin may: ALL PRIVILEGES includes READ_ONLY ADMIN), in its own domain.
    await r1.query('SET SESSION gtid_domain_id = 9');
    await r1.query("INSERT INTO rd.t (v) VALUES ('errant')");
    await r1.end();
    const plan = await rig.plan({ kind: 'switchover', target: id('replica1') });
    const errant = plan.checks.find((c) => c.id === `errant:${id('replica1')}`);
    expect(errant).toMatchObject({ ok: false, severity: 'blocker' });
    expect(errant?.explanation).toMatch(/errant GTIDs 9-2-1 /);
    const ex = await rig.service.execute(plan.id, 'mdb-actions');
    expect(ex).toMatchObject({ ok: false, code: 'preflight-failed' });
    // Nothing changed: replica2 still takes the application's writes.
    expect((await readEveryServer(topo.servers)).replica2).toMatchObject(writablePrimary);
  });
});

async function waitFor(pred: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
