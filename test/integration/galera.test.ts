import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGaleraCluster, type GaleraCluster } from '../harness/galera-cluster';
import { mariadbDriver, sampleUntil } from '../harness/mariadb-driver';
import { galeraOf, nodeById } from '../harness/galera-sample';
import { ClusterSampleSchema } from '../../shared/model/sample';
import type { DriverEvent } from '../../electron/core/driver';
import type { MariadbDriver } from '../../electron/drivers/mariadb';
import { NON_PRIMARY_REASON } from '../../electron/drivers/mariadb/galera/galera-node-state';

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
    const s = await sampleUntil(driver, (x) => x.nodes.length === 3 && x.nodes.every((n) => n.status.kind === 'up'));
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
});
