import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGaleraCluster, type GaleraCluster } from '../harness/galera-cluster';
import { mariadbDriver, sampleUntil } from '../harness/mariadb-driver';
import { galeraOf, nodeById } from '../harness/galera-sample';
import { ClusterSampleSchema } from '../../shared/model/sample';
import type { DriverEvent } from '../../electron/core/driver';
import type { MariadbDriver } from '../../electron/drivers/mariadb';
import { NON_PRIMARY_REASON } from '../../electron/drivers/mariadb/galera/galera-node-state';
import { ActionRequestSchema } from '../../shared/model/action';
import { connectAdmin } from '../harness/mariadb-server';
import { statusOf, waitFor } from '../harness/galera-node';

describe('Galera: three MariaDB 10.11 nodes (galera-4) on loopback', () => {
  let cluster: GaleraCluster;
  let driver: MariadbDriver;
  const events: DriverEvent[] = [];
  const id = (name: string) => cluster.node(name).address;
  const ids = () => cluster.nodes.map((n) => n.address).sort();

  beforeAll(async () => {
    cluster = await startGaleraCluster(3);
    console.log(`galera: 3 nodes Synced in ${cluster.startMs} ms ${JSON.stringify(cluster.timings)}`);
    const c = await cluster.node('g1').admin();
    await c.query('CREATE DATABASE rd');
    await c.query('CREATE TABLE rd.t (id INT PRIMARY KEY, v INT NOT NULL)');
    await c.query('INSERT INTO rd.t VALUES (1, 0)');
  });

  afterAll(async () => {
    for (const n of cluster?.nodes ?? []) n.resume();
    await driver?.dispose();
    await cluster?.stop();
  });

  it('discovers all three nodes from one seed: peers, Primary, Synced, no links, one round-trip', async () => {
    driver = mariadbDriver([id('g2')]);
    driver.onEvent((e) => events.push(e));
    expect(await driver.connect(AbortSignal.timeout(10_000))).toEqual({ ok: true, value: { kind: 'multi-primary' } });
    const s = await sampleUntil(driver, (x) => x.nodes.length === 3 && x.nodes.every((n) => n.status.kind === 'up' && galeraOf(x).nodes[n.id]?.galera?.members.length === 3));
    expect(ClusterSampleSchema.safeParse(s).success).toBe(true);
    expect(s.nodes.map((n) => n.id).sort()).toEqual(ids());
    expect(s.nodes.map((n) => n.role)).toEqual(['peer', 'peer', 'peer']);
    expect(s.links).toEqual([]);
    expect(s.queriesPerNode).toBe(1);
    expect(s.warnings).toEqual([]);
    const g = galeraOf(s);
    expect(g.galera).toEqual({ components: [{ nodeIds: ids(), primary: true }], bootstrap: null });
    for (const n of cluster.nodes) {
      const node = g.nodes[n.address]!.galera!;
      expect(node).toMatchObject({ nodeName: n.name, clusterName: 'rd-galera', clusterStatus: 'Primary', localState: 'Synced', clusterSize: 3, ready: true, desynced: false });
      expect([...node.members].sort()).toEqual(ids());
      expect(node.lastCommitted).toBeGreaterThan(0);
    }
  });

  it('one node SIGSTOPped: the other two stay Primary with size 2, the stopped one is unreachable; resumed, it rejoins', async () => {
    const g3 = cluster.node('g3');
    const stoppedAt = Date.now();
    g3.pause();
    const split = await sampleUntil(
      driver,
      (s) => nodeById(s, id('g3'))?.status.kind === 'unreachable' && [id('g1'), id('g2')].every((n) => galeraOf(s).nodes[n]?.galera?.clusterSize === 2),
      { everyMs: 200, timeoutMs: 30_000 },
    );
    console.log(`galera: the two others formed a Primary component of 2 in ${Date.now() - stoppedAt} ms`);
    const g = galeraOf(split);
    expect(g.galera?.components).toEqual([{ nodeIds: [id('g1'), id('g2')].sort(), primary: true }]);
    expect(g.galera?.bootstrap).toBeNull();
    for (const n of [id('g1'), id('g2')]) expect(nodeById(split, n)?.status).toEqual({ kind: 'up' });
    expect(split.warnings).toContainEqual(expect.stringMatching(/Primary component has 2 of 3 known nodes; not in any component read: g3/));
    g3.resume();
    const back = await sampleUntil(driver, (s) => s.nodes.every((n) => n.status.kind === 'up' && galeraOf(s).nodes[n.id]?.galera?.clusterSize === 3), {
      everyMs: 200,
      timeoutMs: 60_000,
    });
    expect(galeraOf(back).galera?.components).toEqual([{ nodeIds: ids(), primary: true }]);
    expect(back.warnings).toEqual([]);
  });

  it('two nodes SIGSTOPped: the third, cut off, is non-Primary (degraded, warned, bootstrap advice); resumed, the Primary component re-forms', async () => {
    cluster.node('g2').pause();
    cluster.node('g3').pause();
    const alone = await sampleUntil(driver, (s) => galeraOf(s).nodes[id('g1')]?.galera?.clusterStatus === 'non-Primary', { everyMs: 200, timeoutMs: 30_000 });
    expect(nodeById(alone, id('g1'))?.status).toEqual({ kind: 'degraded', reason: NON_PRIMARY_REASON });
    for (const n of ['g2', 'g3']) expect(nodeById(alone, id(n))?.status.kind).toBe('unreachable');
    const g = galeraOf(alone);
    expect(g.galera?.components).toEqual([{ nodeIds: [id('g1')], primary: false }]);
    expect(g.galera?.bootstrap).toMatchObject({ nodeId: id('g1'), seqno: g.nodes[id('g1')]?.galera?.lastCommitted });
    expect(g.galera?.bootstrap?.reason).toMatch(/pc\.bootstrap=YES.*galera_new_cluster/s);
    expect(alone.warnings).toContainEqual(expect.stringMatching(/no Primary component: g1 lost quorum and refuse queries/));
    // It refuses queries, as the status says.
    const c = await cluster.node('g1').admin();
    await expect(c.query('SELECT * FROM rd.t')).rejects.toThrow(/WSREP has not yet prepared node for application use/);
    cluster.node('g2').resume();
    cluster.node('g3').resume();
    const back = await sampleUntil(driver, (s) => s.nodes.every((n) => n.status.kind === 'up' && galeraOf(s).nodes[n.id]?.galera?.clusterSize === 3), {
      everyMs: 200,
      timeoutMs: 60_000,
    });
    expect(galeraOf(back).galera).toEqual({ components: [{ nodeIds: ids(), primary: true }], bootstrap: null });
  });

  it('concurrent updates of one row on two nodes: BF aborts and certification failures rise, as rates and an event', async () => {
    await driver.sample(AbortSignal.timeout(5_000));
    events.length = 0;
    const [a, b] = await Promise.all([connectAdmin(cluster.node('g1').ports.mysql), connectAdmin(cluster.node('g2').ports.mysql)]);
    try {
      // g1 holds an uncommitted update of row 1; g2 commits one: g1's transaction is brute-force aborted.
      await a.query('BEGIN');
      await a.query('UPDATE rd.t SET v = v + 1 WHERE id = 1');
      const bfBefore = Number(await statusOf(cluster.node('g1').ports.mysql, 'wsrep_local_bf_aborts'));
      await b.query('UPDATE rd.t SET v = v + 100 WHERE id = 1');
      // Wait for g1's applier to abort it (else g1's COMMIT could lose by certification instead).
      await waitFor(async () => Number(await statusOf(cluster.node('g1').ports.mysql, 'wsrep_local_bf_aborts')) > bfBefore, 10_000);
      await expect(a.query('COMMIT')).rejects.toThrow(/Deadlock/);
      // Both commit at once: the later one fails certification (or is BF-aborted before it certifies).
      for (let i = 0; i < 5; i++) {
        await Promise.all([a.query('BEGIN'), b.query('BEGIN')]);
        await Promise.all([a.query('UPDATE rd.t SET v = v + 1 WHERE id = 1'), b.query('UPDATE rd.t SET v = v + 1 WHERE id = 1')]);
        await Promise.allSettled([a.query('COMMIT'), b.query('COMMIT')]);
      }
    } finally {
      a.destroy();
      b.destroy();
    }
    const s = await driver.sample(AbortSignal.timeout(5_000));
    const g1 = galeraOf(s).nodes[id('g1')]!.galera!;
    expect(g1.bfAborts).toBeGreaterThan(0);
    expect(g1.bfAbortsPerS).toBeGreaterThan(0);
    const conflicts = events.filter((e) => e.kind === 'conflict-detected');
    console.log(`galera: conflict events ${JSON.stringify(conflicts.map((e) => e.message))}`);
    expect(conflicts.find((e) => e.nodeId === id('g1'))?.message).toMatch(/brute-force abort.*wsrep_log_conflicts is ON/s);
    // The next sample, with no new conflict, raises no event and the rates fall to 0.
    events.length = 0;
    const calm = await driver.sample(AbortSignal.timeout(5_000));
    expect(events).toEqual([]);
    expect(galeraOf(calm).nodes[id('g1')]!.galera!.bfAbortsPerS).toBe(0);
  });

  it('desync then resync of g2 as an action: plan checks, each step observed (Donor/Desynced, then Synced)', async () => {
    const actions = driver.galeraActions;
    const request = (kind: 'desync' | 'resync') => ActionRequestSchema.parse({ clusterId: 'mariadb-test', kind, target: id('g2') });
    const offered = (s: Awaited<ReturnType<typeof driver.sample>>) => actions.availableActions(s).find((n) => n.nodeId === id('g2'))?.actions;
    expect(offered(await driver.sample(AbortSignal.timeout(5_000)))).toEqual([
      { kind: 'desync', available: true, why: null },
      { kind: 'resync', available: false, why: 'not desynced (wsrep_desync=OFF)' },
    ]);
    for (const kind of ['desync', 'resync'] as const) {
      const plan = await actions.planAction(request(kind), AbortSignal.timeout(10_000));
      if (!plan.ok) throw new Error(plan.reason);
      expect(plan.value.checks.filter((c) => c.severity === 'blocker' && !c.ok)).toEqual([]);
      expect(plan.value.steps.map((st) => st.command)[0]).toBe(`SET GLOBAL wsrep_desync = ${kind === 'desync' ? 'ON' : 'OFF'}`);
      const details: string[] = [];
      for (const step of plan.value.steps) {
        const r = await actions.executeStep(plan.value, step, AbortSignal.timeout(30_000));
        if (!r.ok) throw new Error(`${step.id}: ${r.reason}`);
        details.push(typeof r.value === 'string' ? r.value : r.value.detail);
      }
      console.log(`galera: ${kind} steps: ${JSON.stringify(details)}`);
      const s = await driver.sample(AbortSignal.timeout(5_000));
      const g2 = galeraOf(s).nodes[id('g2')]!.galera!;
      if (kind === 'desync') {
        expect(details).toEqual([expect.stringMatching(/^wsrep_desync=ON; wsrep_local_state_comment /), expect.stringMatching(/^wsrep_local_state_comment Donor\/Desynced after/)]);
        expect(g2).toMatchObject({ desynced: true, localState: 'Donor/Desynced', clusterStatus: 'Primary' });
        expect(nodeById(s, id('g2'))?.status).toEqual({ kind: 'degraded', reason: expect.stringMatching(/^Donor\/Desynced: wsrep_desync=ON/) });
        expect(offered(s)).toEqual([
          { kind: 'desync', available: false, why: 'already desynced (wsrep_desync=ON)' },
          { kind: 'resync', available: true, why: null },
        ]);
        // Asked again while desynced, the plan is blocked.
        const again = await actions.planAction(request('desync'), AbortSignal.timeout(10_000));
        expect(again.ok && again.value.checks.find((c) => c.id === 'target-state')).toMatchObject({ ok: false, severity: 'blocker' });
      } else {
        expect(details).toEqual([expect.stringMatching(/^wsrep_desync=OFF; /), expect.stringMatching(/^wsrep_local_state_comment Synced after/)]);
        expect(g2).toMatchObject({ desynced: false, localState: 'Synced' });
        expect(nodeById(s, id('g2'))?.status).toEqual({ kind: 'up' });
      }
    }
  });

  it('reads Galera with only the monitoring grants, in one round-trip; desync without SUPER fails with the server error', async () => {
    const c = await cluster.node('g1').admin();
    await c.query('CREATE USER ?@? IDENTIFIED BY ?', ['rd_monitor', '127.0.0.1', 'mon-pw']);
    await c.query('GRANT SLAVE MONITOR, BINLOG MONITOR, REPLICATION MASTER ADMIN, PROCESS ON *.* TO ?@?', ['rd_monitor', '127.0.0.1']);
    const monitor = mariadbDriver([id('g3')], { auth: { user: 'rd_monitor', password: 'mon-pw' } });
    try {
      expect(await monitor.connect(AbortSignal.timeout(10_000))).toEqual({ ok: true, value: { kind: 'multi-primary' } });
      const s = await sampleUntil(monitor, (x) => x.nodes.length === 3 && x.nodes.every((n) => n.status.kind === 'up'));
      expect(s.queriesPerNode).toBe(1);
      expect(Object.values(galeraOf(s).nodes).map((n) => n.galera?.clusterStatus)).toEqual(['Primary', 'Primary', 'Primary']);
      const plan = await monitor.galeraActions.planAction(ActionRequestSchema.parse({ clusterId: 'mariadb-test', kind: 'desync', target: id('g3') }), AbortSignal.timeout(10_000));
      if (!plan.ok) throw new Error(plan.reason);
      // The pre-flight says so first (SHOW GRANTS FOR CURRENT_USER), naming the exact GRANT.
      expect(plan.value.checks.find((c) => c.id === `privileges:${id('g3')}`)).toMatchObject({ ok: false, severity: 'blocker', explanation: expect.stringContaining("GRANT SUPER ON *.* TO 'rd_monitor'@'127.0.0.1';") });
      const r = await monitor.galeraActions.executeStep(plan.value, plan.value.steps[0]!, AbortSignal.timeout(10_000));
      console.log(`galera: desync without SUPER: ${JSON.stringify(r)}`);
      expect(r).toMatchObject({ ok: false, code: 'missing-privilege', reason: expect.stringMatching(/SUPER/) });
    } finally {
      await monitor.dispose();
    }
  });
});
