import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import os from 'node:os';
import type { RowDataPacket } from 'mysql2/promise';
import { startChainTopology, startMariadbTopology, startMasterMaster, type MariadbTopology } from '../harness/mariadb-topology';
import { mariadbDriver, sampleUntil } from '../harness/mariadb-driver';
import { gtidBinlogPos, waitApplied } from '../harness/mariadb-replication';
import { MDB_ADMIN } from '../harness/mariadb-server';
import { freePort } from '../harness/free-port';
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
    expect(s.queriesPerNode).toBe(5);
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

describe('MariaDB master-master', () => {
  let topo: MariadbTopology;
  let driver: MariadbDriver;

  beforeAll(async () => {
    topo = await startMasterMaster();
    console.log(`mariadb: master-master up in ${topo.startMs} ms`);
  });

  afterAll(async () => {
    await driver?.dispose();
    await topo?.stop();
  });

  it('shows both masters as primaries with a link each way', async () => {
    const [m1, m2] = [topo.server('m1'), topo.server('m2')];
    await (await m2.admin()).query('INSERT INTO rd.t (v) VALUES (?)', ['from m2']);
    await waitApplied(m1, await gtidBinlogPos(m2));
    driver = mariadbDriver([m1.address]);
    expect(await driver.connect(AbortSignal.timeout(10_000))).toEqual({ ok: true, value: { kind: 'multi-primary' } });
    const s = await sampleUntil(driver, (x) => x.links.length === 2 && x.links.every((l) => l.lag.transactions?.behind === 0));
    expect(s.nodes.map((n) => [n.id, n.role]).sort()).toEqual([[m1.address, 'primary'], [m2.address, 'primary']].sort());
    expect(s.links.map((l) => `${l.from}->${l.to}:${l.state}`).sort()).toEqual([`${m1.address}->${m2.address}:streaming`, `${m2.address}->${m1.address}:streaming`].sort());
    // Each master writes in its own domain: both domains are counted on both links.
    for (const l of s.links) expect(Object.keys(l.lag.transactions?.perDomain ?? {}).sort()).toEqual(['1', '2']);
    expect(s.warnings).toEqual([]);
  });

  it('reads a server at once after its side ended our kept connection (a restart), without an unreachable sample', async () => {
    const m2 = topo.server('m2');
    const c = await m2.admin();
    const [rows] = await c.query<RowDataPacket[]>('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()', [MDB_ADMIN.user]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) await c.query('KILL ?', [Number(r.id)]);
    const s = await driver.sample(AbortSignal.timeout(10_000));
    expect(s.nodes.find((n) => n.id === m2.address)?.status).toEqual({ kind: 'up' });
  });

  it('a wrong password is auth-failed, naming the user', async () => {
    const d = mariadbDriver([topo.server('m1').address], { auth: { user: MDB_ADMIN.user, password: 'not-the-password' } });
    const r = await d.connect(AbortSignal.timeout(5_000));
    expect(r).toMatchObject({ ok: false, code: 'auth-failed', reason: expect.stringContaining(`"${MDB_ADMIN.user}"`) });
    await d.dispose();
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

describe('MariaDB bad seeds', () => {
  it('a port nothing listens on is connection-refused, as data', async () => {
    const port = await freePort();
    const d = mariadbDriver([`127.0.0.1:${port}`]);
    const r = await d.connect(AbortSignal.timeout(5_000));
    expect(r).toMatchObject({ ok: false, code: 'connection-refused', reason: expect.stringContaining(`127.0.0.1:${port}`) });
    const s = await d.sample(AbortSignal.timeout(5_000));
    expect(s.nodes).toHaveLength(1);
    expect(s.nodes[0]?.status).toMatchObject({ kind: 'unreachable' });
    await d.dispose();
  });

  it('a seed that is not host:port is refused before connecting', async () => {
    const d = mariadbDriver(['127.0.0.1:99999']);
    expect(await d.connect(AbortSignal.timeout(1_000))).toMatchObject({ ok: false, code: 'invalid-address' });
    await d.dispose();
  });
});

describe('MariaDB seeds that are not MariaDB', () => {
  const servers: net.Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  const listen = async (onConnection: (socket: net.Socket) => void): Promise<number> => {
    const server = net.createServer(onConnection);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as net.AddressInfo).port;
  };

  it('a server that answers like HTTP is not-mariadb', async () => {
    const port = await listen((socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    const d = mariadbDriver([`127.0.0.1:${port}`]);
    const r = await d.connect(AbortSignal.timeout(5_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.code, r.reason]).toEqual(['not-mariadb', expect.stringContaining(`127.0.0.1:${port}`)]);
    await d.dispose();
  });

  it('a server that never speaks is a timeout after the connect timeout, not a hang', async () => {
    const sockets: net.Socket[] = [];
    const port = await listen((socket) => sockets.push(socket));
    const d = mariadbDriver([`127.0.0.1:${port}`]);
    const started = Date.now();
    const r = await d.connect(AbortSignal.timeout(10_000));
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    sockets.forEach((s) => s.destroy());
    await d.dispose();
  });

  it('follows the caller\'s AbortSignal while connecting: aborted at once, not after the connect timeout', async () => {
    const sockets: net.Socket[] = [];
    const port = await listen((socket) => sockets.push(socket));
    const d = mariadbDriver([`127.0.0.1:${port}`], { timeouts: { connectTimeoutMs: 10_000, queryTimeoutMs: 10_000 } });
    const started = Date.now();
    const r = await d.connect(AbortSignal.timeout(200));
    expect(r).toMatchObject({ ok: false, code: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2_000);
    sockets.forEach((s) => s.destroy());
    await d.dispose();
  });
});
