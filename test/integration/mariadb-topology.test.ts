import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import os from 'node:os';
import { startChainTopology, startMariadbTopology, type MariadbTopology } from '../harness/mariadb-topology';
import { mariadbDriver, sampleUntil } from '../harness/mariadb-driver';
import { gtidBinlogPos, waitApplied } from '../harness/mariadb-replication';
import { ClusterSampleSchema, type ClusterSample } from '../../shared/model/sample';
import type { MariadbDriver } from '../../electron/drivers/mariadb';
import { clusterHeadline } from '../../electron/core/cluster-state/headline';

const linkTo = (s: ClusterSample, to: string) => s.links.find((l) => l.to === to);

describe('MariaDB 10.11 GTID chain: primary, two replicas, a chained replica', () => {
  let topo: MariadbTopology;
  let driver: MariadbDriver;
  const id = (name: string) => topo.server(name).address;

  beforeAll(async () => {
    topo = await startChainTopology();
    console.log(`mariadb: 4-server chain up and replicating in ${topo.startMs} ms`);
  });

  afterAll(async () => {
    await driver?.dispose();
    await topo?.stop();
  });

  it('discovers all four servers from the chained replica, with roles and links', async () => {
    driver = mariadbDriver([id('chained')]);
    const connected = await driver.connect(AbortSignal.timeout(10_000));
    expect(connected).toEqual({ ok: true, value: { kind: 'primary-replica' } });
    const s = await driver.sample(AbortSignal.timeout(10_000));
    expect(ClusterSampleSchema.safeParse(s).success).toBe(true);
    const roles = Object.fromEntries(s.nodes.map((n) => [n.id, n.role]));
    expect(roles).toEqual({ [id('primary')]: 'primary', [id('replica1')]: 'replica', [id('replica2')]: 'replica', [id('chained')]: 'cascading-replica' });
    expect(s.links.map((l) => `${l.from}->${l.to}:${l.state}`).sort()).toEqual(
      [`${id('primary')}->${id('replica1')}:streaming`, `${id('primary')}->${id('replica2')}:streaming`, `${id('replica1')}->${id('chained')}:streaming`].sort(),
    );
    for (const n of s.nodes) {
      expect(n.status).toEqual({ kind: 'up' });
      expect(n.version).toMatch(/^10\.11\..*MariaDB/);
      expect(n.name).toBe(n.id); // report_host is 127.0.0.1, report_port the port
      expect(n.readOnly).toBe(false);
    }
    for (const l of s.links) {
      expect(l.lag.transactions).toEqual({ behind: 0, perDomain: { '0': 0 } });
      expect(l.lag.measuredAt).toBeGreaterThan(0);
      expect(l.lag.source).toMatch(/Seconds_Behind_Master/);
    }
    // One multi-statement round-trip per server.
    expect(s.queriesPerNode).toBe(1);
    expect(s.warnings).toEqual([]);
  });

  it('shows GTID distance and a stopped link while one replica SQL thread is stopped, and 0 after START SLAVE', async () => {
    const r2 = await topo.server('replica2').admin();
    await r2.query('STOP SLAVE SQL_THREAD');
    const primary = await topo.server('primary').admin();
    for (let i = 0; i < 5; i++) await primary.query('INSERT INTO rd.t (v) VALUES (?)', [`lag-${i}`]);
    const lagging = await sampleUntil(driver, (s) => (linkTo(s, id('replica2'))?.lag.transactions?.behind ?? 0) >= 5);
    const link = linkTo(lagging, id('replica2'))!;
    expect(link.state).toBe('stopped');
    expect(link.lag.transactions).toEqual({ behind: 5, perDomain: { '0': 5 } });
    // The IO thread kept reading: the bytes received but not applied are counted on the same binlog file.
    expect(link.lag.bytes.replay).toBeGreaterThan(0);
    expect(lagging.nodes.find((n) => n.id === id('replica2'))?.status).toMatchObject({ kind: 'degraded', reason: expect.stringMatching(/SQL thread stopped/) });
    // The others caught up.
    expect(linkTo(lagging, id('replica1'))?.state).toBe('streaming');
    await r2.query('START SLAVE');
    const caught = await sampleUntil(driver, (s) => linkTo(s, id('replica2'))?.lag.transactions?.behind === 0 && linkTo(s, id('replica2'))?.state === 'streaming');
    expect(linkTo(caught, id('replica2'))?.lag.bytes.replay).toBe(0);
  });

  it('reads with the documented grants in one round-trip, and names the GRANT that is missing', async () => {
    const primary = topo.server('primary');
    const c = await primary.admin();
    await c.query('CREATE USER ?@? IDENTIFIED BY ?', ['rd_monitor', '127.0.0.1', 'mon-pw']);
    await c.query('GRANT SLAVE MONITOR, BINLOG MONITOR, REPLICATION MASTER ADMIN, PROCESS ON *.* TO ?@?', ['rd_monitor', '127.0.0.1']);
    await c.query('CREATE USER ?@? IDENTIFIED BY ?', ['rd_partial', '127.0.0.1', 'partial-pw']);
    await c.query('GRANT SLAVE MONITOR, PROCESS ON *.* TO ?@?', ['rd_partial', '127.0.0.1']);
    const pos = await gtidBinlogPos(primary);
    await Promise.all(topo.servers.filter((s) => s !== primary).map((s) => waitApplied(s, pos)));

    const monitor = mariadbDriver([id('chained')], { auth: { user: 'rd_monitor', password: 'mon-pw' } });
    expect((await monitor.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
    const full = await monitor.sample(AbortSignal.timeout(10_000));
    expect(full.nodes).toHaveLength(4);
    expect(full.queriesPerNode).toBe(1);
    expect(full.nodes.flatMap((n) => n.notes ?? [])).toEqual([]);
    await monitor.dispose();

    // Without SHOW SLAVE HOSTS, only the way up is known: replica2 hangs off the primary and is not found.
    const partial = mariadbDriver([id('chained')], { auth: { user: 'rd_partial', password: 'partial-pw' } });
    expect((await partial.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
    const s = await partial.sample(AbortSignal.timeout(10_000));
    expect(s.nodes.map((n) => n.id).sort()).toEqual([id('primary'), id('replica1'), id('chained')].sort());
    expect(s.queriesPerNode).toBe(7); // one round-trip per statement: five, semi-sync and Galera's wsrep reading
    const notes = s.nodes.find((n) => n.id === id('primary'))?.notes ?? [];
    expect(notes).toEqual(expect.arrayContaining([expect.stringContaining("GRANT BINLOG MONITOR ON *.* TO 'rd_partial'"), expect.stringContaining('GRANT REPLICATION MASTER ADMIN')]));
    expect(s.links.find((l) => l.to === id('replica1'))?.lag.bytes.write).toBeNull();
    await partial.dispose();
  });

  it('flags an errant GTID written on a replica by domain-server-sequence', async () => {
    const r1 = topo.server('replica1');
    const c = await r1.admin();
    await c.query('SET SESSION sql_log_bin = 1');
    await c.query('INSERT INTO rd.t (v) VALUES (?)', ['errant']);
    const errant = (await gtidBinlogPos(r1)).split(',').find((g) => g.startsWith(`0-${r1.serverId}-`));
    expect(errant).toMatch(/^0-2-\d+$/);
    // replica1 at once, the chained replica once it has applied it.
    const s = await sampleUntil(driver, (x) => x.warnings.filter((w) => w.includes(errant!)).length === 2);
    const node = s.nodes.find((n) => n.id === id('replica1'))!;
    expect(node.status).toMatchObject({ kind: 'degraded', reason: expect.stringContaining(`errant GTID ${errant}`) });
    // The chained replica got it through replica1: it also has a transaction the primary never had.
    expect(s.nodes.find((n) => n.id === id('chained'))?.status).toMatchObject({ kind: 'degraded', reason: expect.stringContaining(errant!) });
    expect(s.nodes.find((n) => n.id === id('replica2'))?.status).toEqual({ kind: 'up' });
    expect(s.nodes.find((n) => n.id === id('primary'))?.status).toEqual({ kind: 'up' });
  });

  it('tells a primary only ReplicaDesk cannot reach (frozen, replicas still connected) from one that is down for its replicas too', async () => {
    const primary = topo.server('primary');
    const headline = (x: ClusterSample) => clusterHeadline({ sample: x, kind: 'primary-replica', available: [], limits: { lagThresholdBytes: 1 << 24, lagThresholdMs: 10_000 }, previous: null });
    process.kill(primary.pid!, 'SIGSTOP');
    try {
      const frozen = await sampleUntil(driver, (x) => x.nodes.find((n) => n.id === id('primary'))?.status.kind === 'unreachable');
      expect(frozen.nodes.find((n) => n.id === id('primary'))?.status).toMatchObject({ reason: expect.stringMatching(/only ReplicaDesk cannot/) });
      expect(headline(frozen).state).toBe('primary-unreachable');
    } finally {
      process.kill(primary.pid!, 'SIGCONT');
    }
    await primary.stop();
    const down = await sampleUntil(driver, (x) => x.nodes.find((n) => n.id === id('primary'))?.status.kind === 'down');
    expect(down.nodes.find((n) => n.id === id('primary'))).toMatchObject({ role: 'primary', status: { reason: expect.stringMatching(/all 2 replica\(s\) lost their IO thread/) } });
    expect(headline(down)).toMatchObject({ state: 'primary-down', title: `primary ${id('primary')} down` });
    // The replicas' links show the broken IO threads; the chained replica still streams from replica1.
    expect(down.links.filter((l) => l.from === id('primary')).map((l) => l.state)).toEqual(['broken', 'broken']);
    expect(linkTo(down, id('chained'))?.state).toBe('streaming');
  });
});

describe('MariaDB replica without report_host', () => {
  let topo: MariadbTopology;
  afterAll(async () => {
    await topo?.stop();
  });

  it('is found from its primary (registered with its client address and @@port) and named by its hostname', async () => {
    topo = await startMariadbTopology('rd-mdb-quiet-', [{ name: 'p', serverId: 21 }, { name: 'quiet', serverId: 22, reportHost: false }], [['quiet', 'p']]);
    const d = mariadbDriver([topo.server('p').address]);
    expect(await d.connect(AbortSignal.timeout(10_000))).toEqual({ ok: true, value: { kind: 'primary-replica' } });
    const s = await d.sample(AbortSignal.timeout(10_000));
    const quiet = topo.server('quiet');
    expect(s.links.map((l) => `${l.from}->${l.to}:${l.state}`)).toEqual([`${topo.server('p').address}->${quiet.address}:streaming`]);
    const node = s.nodes.find((n) => n.id === quiet.address);
    expect(node?.role).toBe('replica');
    expect(node?.name).toBe(`${os.hostname()}:${quiet.port}`);
    expect(s.warnings).toEqual([]);
    await d.dispose();
  });
});
