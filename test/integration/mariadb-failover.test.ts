import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MariadbDriver } from '../../electron/drivers/mariadb';
import type { ClusterSample } from '../../shared/model/sample';
import { actionDriver, actionService, startActionChain, stepLines } from '../harness/mariadb-action-rig';
import { gtidBinlogPos, waitApplied } from '../harness/mariadb-replication';
import { killServer, restartServer, type Restarted } from '../harness/mariadb-restart';
import { connectAdmin } from '../harness/mariadb-server';
import type { MariadbTopology } from '../harness/mariadb-topology';
import { readEveryServer, replicaOf, writablePrimary } from '../harness/mariadb-truth';
import { lostAcked, startMariadbWriter, type MariadbWriter } from '../harness/mariadb-writer';
import { MDB_REPL } from '../harness/mariadb-server';

describe('MariaDB failover by SQL after SIGKILL of the primary', () => {
  let topo: MariadbTopology;
  let driver: MariadbDriver;
  let rig: ReturnType<typeof actionService>;
  let restarted: Restarted | null = null;
  const writers: MariadbWriter[] = [];
  const id = (name: string) => topo.server(name).address;
  const nameOf = (nodeId: string) => topo.servers.find((s) => s.address === nodeId)?.name ?? nodeId;

  beforeAll(async () => {
    topo = await startActionChain();
    console.log(`mariadb: 4-server chain ready for actions in ${topo.startMs} ms`);
    driver = await actionDriver(topo);
    rig = actionService(driver);
  });

  afterAll(async () => {
    for (const w of writers) await w.stop();
    await driver?.dispose();
    await restarted?.stop();
    await topo?.stop();
  });

  it('refuses a failover while the primary answers (switch over instead)', async () => {
    const plan = await rig.plan({ kind: 'failover', target: id('replica1') });
    expect(plan.checks.find((c) => c.id === 'old-primary')).toMatchObject({ ok: false, severity: 'blocker' });
    expect(plan.checks.find((c) => c.id === 'old-primary')?.explanation).toMatch(/switch over instead/);
  });

  it('fails over to the most advanced replica with no acknowledged write lost, re-points the other, owes the fence', async () => {
    const w1 = startMariadbWriter(topo.servers.map((s) => s.port));
    writers.push(w1);
    await waitFor(() => w1.acked.length > 100, 'the writer to start');
    await w1.stop();
    // Every acknowledged write reached the replicas before the crash: then none may be lost.
    const pos = await gtidBinlogPos(topo.server('primary'));
    await Promise.all(['replica1', 'replica2'].map((n) => waitApplied(topo.server(n), pos)));
    const killedAt = Date.now();
    killServer(topo.server('primary'));
    const seen = await sampleUntil(driver, (s) => s.nodes.some((n) => n.id === id('primary') && (n.status.kind === 'down' || n.status.kind === 'unreachable')));
    console.log(`primary seen ${seen.nodes.find((n) => n.id === id('primary'))?.status.kind} ${Date.now() - killedAt} ms after SIGKILL`);
    const offered = driver.actions.availableActions(seen).find((a) => a.nodeId === id('replica1'))?.actions.find((a) => a.kind === 'failover');
    expect(offered?.available, offered?.why ?? '').toBe(true);

    const plan = await rig.plan({ kind: 'failover', target: 'auto' });
    expect([id('replica1'), id('replica2')]).toContain(plan.target);
    expect(plan.checks.filter((c) => !c.ok && c.severity === 'blocker'), JSON.stringify(plan.checks, null, 1)).toEqual([]);
    expect(plan.checks.find((c) => c.id === 'expected-loss')).toMatchObject({ ok: true });
    expect(plan.expectedDataLossBytes).toBe(0);
    expect(plan.writesDownSince).toBeGreaterThanOrEqual(killedAt - 1_000);
    expect(plan.steps.map((s) => s.id.split('~')[0])).toEqual(['verify', 'drain-relay', 'promote', 'repoint', 'fence-reminder', 'manual-rejoin']);
    expect(plan.rejoin).toEqual({ nodeId: id('primary'), fromId: plan.target });

    const w2 = startMariadbWriter(topo.servers.map((s) => s.port), { firstId: 1_000_000 });
    writers.push(w2);
    const { run, ms } = await rig.execute(plan);
    console.log(`failover → ${nameOf(plan.target)}: ran ${ms} ms\n${stepLines(run.plan)}`);
    expect(run.status, stepLines(run.plan)).toBe('done-manual');
    const state = Object.fromEntries(run.plan.steps.map((s) => [s.id.split('~')[0], s.state]));
    expect(state).toEqual({ verify: 'done', 'drain-relay': 'done', promote: 'done', repoint: 'done', 'fence-reminder': 'skipped', 'manual-rejoin': 'manual' });
    expect(run.fenceOnReturn).toMatchObject({ nodeId: id('primary'), state: 'standing' });
    await waitFor(() => w2.acked.length > 50 && w2.writingTo === topo.server(nameOf(plan.target)).port, 'the writer to write to the new primary');
    await w2.stop();
    const lost = await lostAcked(topo.server(nameOf(plan.target)).port, [...w1.acked, ...w2.acked]);
    console.log(`failover: ${w1.acked.length} + ${w2.acked.length} acked writes, ${lost.length} lost`);
    expect(lost).toEqual([]);

    const truth = await readEveryServer(topo.servers);
    const other = nameOf(plan.target) === 'replica1' ? 'replica2' : 'replica1';
    expect(truth[nameOf(plan.target)]).toMatchObject(writablePrimary);
    expect(truth[other]).toMatchObject(replicaOf(nameOf(plan.target)));
    expect(truth.chained).toMatchObject(replicaOf('replica1'));
    expect(truth.primary).toMatchObject({ up: false });
  });

  it('fences the old primary the moment it returns writable, and the manual rejoin is seen done', async () => {
    const run = rig.service.list().find((r) => r.plan.kind === 'failover' && r.status === 'done-manual');
    if (!run) throw new Error('no failover run owes a fence: the previous test failed');
    restarted = await restartServer(topo.server('primary'));
    // It comes back as it was configured: a writable primary with no channel.
    let last: ClusterSample | null = null;
    // Sampled every second, as the monitor does; core runs the owed fence step when a sample shows it writable.
    const fenced = async () => (await rig.audit.list()).find((e) => e.action === 'fence' && e.params.onReturn === true);
    await waitFor(async () => ((last = await rig.observe()), (await fenced()) !== undefined && rig.current(run.plan.id)?.fenceOnReturn?.state !== 'standing'), 'the fence on return', 30_000, () =>
      JSON.stringify({ order: rig.current(run.plan.id)?.fenceOnReturn, events: rig.events.map((e) => e.message), node: last?.nodes.find((n) => n.id === id('primary')) }),
    1_000);
    expect((await fenced())?.outcome).toMatch(/^done: .*fenced: @@read_only = 1/);
    const truth = await readEveryServer(topo.servers);
    expect(truth.primary).toMatchObject({ up: true, readOnly: true, channels: [], writeRefused: expect.stringMatching(/read-only/) as unknown });
    expect(rig.events.map((e) => e.kind)).toContain('fence-on-return-cleared');
    // The admin follows the runbook line (the old primary has nothing the new one lacks: no crash loss).
    const newPrimary = topo.servers.find((s) => s.address === run.plan.target)!;
    const c = await connectAdmin(topo.server('primary').port);
    await c.query('SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_binlog_pos');
    await c.query('CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, MASTER_USE_GTID = slave_pos', ['127.0.0.1', newPrimary.port, MDB_REPL.user, MDB_REPL.password]);
    await c.query('START SLAVE');
    await c.end();
    await waitFor(async () => (await rig.observe(), rig.current(run.plan.id)?.status === 'done'), 'the manual rejoin to be seen', 30_000, () => '', 1_000);
    expect((await readEveryServer(topo.servers)).primary).toMatchObject(replicaOf(newPrimary.name));
  });
});

async function sampleUntil(driver: MariadbDriver, pred: (s: ClusterSample) => boolean, timeoutMs = 20_000): Promise<ClusterSample> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await driver.sample(AbortSignal.timeout(5_000));
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`condition not met; last sample ${JSON.stringify(s.nodes.map((n) => [n.id, n.status.kind]))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitFor(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000, explain: () => string = () => '', everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${explain()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
