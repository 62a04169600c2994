import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMariadbTopology, type MariadbTopology } from '../harness/mariadb-topology';
import { mariadbDriver, sampleUntil } from '../harness/mariadb-driver';
import { gtidBinlogPos, waitApplied } from '../harness/mariadb-replication';
import { ClusterSampleSchema, type ClusterSample } from '../../shared/model/sample';
import type { MariadbDriver } from '../../electron/drivers/mariadb';

const HB = 'replicadesk.heartbeat';
const CREATE = 'CREATE DATABASE IF NOT EXISTS `replicadesk`; CREATE TABLE IF NOT EXISTS `replicadesk`.`heartbeat`';

const linkTo = (s: ClusterSample, to: string) => s.links.find((l) => l.to === to);
const notesOf = (s: ClusterSample, id: string) => s.nodes.find((n) => n.id === id)?.notes ?? [];
const detail = (s: ClusterSample, id: string) => s.engineDetail?.nodes[id];
const byHeartbeat = (s: ClusterSample, to: string) => linkTo(s, to)?.lag.source.startsWith('heartbeat:') === true;

describe('MariaDB heartbeat lag and semi-sync: primary → replica → chained', () => {
  let topo: MariadbTopology;
  const drivers: MariadbDriver[] = [];
  const id = (name: string) => topo.server(name).address;
  const driver = (extra: Parameters<typeof mariadbDriver>[1]) => {
    const d = mariadbDriver([id('chained')], extra);
    drivers.push(d);
    return d;
  };

  beforeAll(async () => {
    topo = await startMariadbTopology(
      'rd-mdb-hb-',
      [
        { name: 'primary', serverId: 31 },
        { name: 'replica', serverId: 32 },
        { name: 'chained', serverId: 33 },
      ],
      [
        ['replica', 'primary'],
        ['chained', 'replica'],
      ],
    );
  });

  afterAll(async () => {
    for (const d of drivers) await d.dispose();
    await topo?.stop();
  });

  it('without the table: every node says what to run, lag falls back to Seconds_Behind_Master, still one round-trip', async () => {
    const d = driver({ heartbeat: { table: HB, create: false } });
    expect((await d.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
    // The writer tries on the primary from the first sample on; its answer is on the sample after.
    const s = await sampleUntil(d, (x) => x.nodes.length === 3 && notesOf(x, id('primary')).some((n) => n.includes('does not exist')));
    expect(ClusterSampleSchema.safeParse(s).success).toBe(true);
    for (const n of s.nodes) {
      expect(n.status).toEqual({ kind: 'up' });
      const notes = (n.notes ?? []).filter((x) => x.startsWith('heartbeat:'));
      expect(notes).toHaveLength(1); // the primary's failed write and read are said once
      expect(notes[0]).toContain(CREATE);
      expect(notes[0]).toContain("GRANT SELECT, INSERT, UPDATE ON `replicadesk`.`heartbeat` TO 'rd_admin'@'<client host>'");
      expect(detail(s, n.id)?.heartbeat).toMatchObject({ lagMs: null });
    }
    for (const l of s.links) expect(l.lag.source).toMatch(/^Seconds_Behind_Master .*heartbeat not used/);
    expect(s.queriesPerNode).toBe(1);
    // The table was not created behind the DBA's back.
    const [rows] = await (await topo.server('primary').admin()).query("SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'replicadesk'");
    expect((rows as { n: number }[])[0]?.n).toBe(0);
  });

  it('once the DBA creates the table on the primary: lag by heartbeat on both links, the primary writes about once a second', async () => {
    const c = await topo.server('primary').admin();
    await c.query('CREATE DATABASE IF NOT EXISTS replicadesk');
    await c.query('CREATE TABLE IF NOT EXISTS replicadesk.heartbeat (server_id INT UNSIGNED NOT NULL PRIMARY KEY, written_at DATETIME(6) NOT NULL) ENGINE=InnoDB');
    const d = drivers[0]!;
    const s = await sampleUntil(d, (x) => byHeartbeat(x, id('replica')) && byHeartbeat(x, id('chained')));
    for (const to of [id('replica'), id('chained')]) {
      const lag = linkTo(s, to)!.lag;
      expect(lag.ms.replay).toBeGreaterThanOrEqual(0);
      expect(lag.ms.replay).toBeLessThan(3_000);
      expect(lag.source).toContain(`server_id 31's row in ${HB}`);
      expect(detail(s, to)?.heartbeat).toMatchObject({ sourceServerId: 31, note: null });
    }
    expect(s.nodes.flatMap((n) => n.notes ?? []).filter((n) => n.startsWith('heartbeat:'))).toEqual([]);
    expect(s.queriesPerNode).toBe(1);
    // The primary's own row moves on: written again about once a second.
    const first = detail(s, id('primary'))?.heartbeat?.writtenAt ?? 0;
    expect(first).toBeGreaterThan(0);
    const later = await sampleUntil(d, (x) => (detail(x, id('primary'))?.heartbeat?.writtenAt ?? 0) > first);
    const step = (detail(later, id('primary'))?.heartbeat?.writtenAt ?? 0) - first;
    expect(step).toBeGreaterThanOrEqual(800);
    expect(step).toBeLessThan(5_000);
  });

  it('while the replica SQL thread is stopped, the heartbeat lag of the replica and of the chained replica grows; it falls after START SLAVE', async () => {
    const d = drivers[0]!;
    const r = await topo.server('replica').admin();
    await r.query('STOP SLAVE SQL_THREAD');
    try {
      const a = await sampleUntil(d, (x) => linkTo(x, id('replica'))?.state === 'stopped' && (linkTo(x, id('replica'))?.lag.ms.replay ?? 0) >= 1_500);
      await new Promise((res) => setTimeout(res, 2_000));
      const b = await d.sample(AbortSignal.timeout(5_000));
      for (const to of [id('replica'), id('chained')]) {
        expect(byHeartbeat(b, to)).toBe(true);
        expect(linkTo(b, to)!.lag.ms.replay! - linkTo(a, to)!.lag.ms.replay!).toBeGreaterThanOrEqual(1_500);
      }
      // The heartbeat writes are transactions too: the GTID distance counts them.
      expect(linkTo(b, id('replica'))?.lag.transactions?.behind).toBeGreaterThan(0);
    } finally {
      await r.query('START SLAVE SQL_THREAD');
    }
    const caught = await sampleUntil(d, (x) => linkTo(x, id('replica'))?.state === 'streaming' && (linkTo(x, id('replica'))?.lag.ms.replay ?? 1e9) < 2_000);
    expect(byHeartbeat(caught, id('replica'))).toBe(true);
  });

  it('an account without the table grant is told the GRANT; after it, the heartbeat is read and written', async () => {
    const primary = topo.server('primary');
    const c = await primary.admin();
    await c.query('CREATE USER ?@? IDENTIFIED BY ?', ['rd_hbmon', '127.0.0.1', 'hb-pw']);
    await c.query('GRANT SLAVE MONITOR, BINLOG MONITOR, REPLICATION MASTER ADMIN, PROCESS ON *.* TO ?@?', ['rd_hbmon', '127.0.0.1']);
    const pos = await gtidBinlogPos(primary);
    await Promise.all(topo.servers.filter((s) => s !== primary).map((s) => waitApplied(s, pos)));
    const d = driver({ auth: { user: 'rd_hbmon', password: 'hb-pw' }, heartbeat: { table: HB, create: true } });
    expect((await d.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
    const grant = "GRANT SELECT, INSERT, UPDATE ON `replicadesk`.`heartbeat` TO 'rd_hbmon'@'<client host>'";
    const s = await sampleUntil(d, (x) => x.nodes.length === 3 && x.nodes.every((n) => (n.notes ?? []).some((t) => t.includes(grant))));
    expect(s.queriesPerNode).toBe(1);
    expect(notesOf(s, id('primary')).join('\n')).toMatch(/SELECT command denied/);
    await c.query('GRANT SELECT, INSERT, UPDATE ON replicadesk.heartbeat TO ?@?', ['rd_hbmon', '127.0.0.1']);
    // The notes go once this account's own write (about once a second) and reads pass.
    const hbNotes = (x: ClusterSample) => x.nodes.flatMap((n) => n.notes ?? []).filter((n) => n.startsWith('heartbeat:'));
    const fixed = await sampleUntil(d, (x) => hbNotes(x).length === 0 && byHeartbeat(x, id('replica')) && byHeartbeat(x, id('chained')));
    expect(detail(fixed, id('primary'))?.heartbeat?.note).toBeNull();
  });

  it('with create: true, a missing table is made on the primary (and replicates), then measured', async () => {
    const d = driver({ heartbeat: { table: 'rd_auto.beat', create: true } });
    expect((await d.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
    const s = await sampleUntil(d, (x) => byHeartbeat(x, id('replica')) && byHeartbeat(x, id('chained')));
    expect(linkTo(s, id('chained'))?.lag.source).toContain("server_id 31's row in rd_auto.beat");
    const [rows] = await (await topo.server('chained').admin()).query('SELECT server_id FROM rd_auto.beat');
    expect(rows).toEqual([{ server_id: 31 }]);
  });

  it('reads semi-sync on both ends, marks the link sync, and names the fallback to asynchronous without holding up the reading', async () => {
    const d = drivers[0]!;
    const p = await topo.server('primary').admin();
    const r = await topo.server('replica').admin();
    await p.query('SET GLOBAL rpl_semi_sync_master_timeout = 3000');
    await p.query('SET GLOBAL rpl_semi_sync_master_enabled = ON');
    await r.query('SET GLOBAL rpl_semi_sync_slave_enabled = ON');
    await r.query('STOP SLAVE IO_THREAD');
    await r.query('START SLAVE IO_THREAD');
    try {
      const on = await sampleUntil(d, (x) => detail(x, id('primary'))?.semiSync?.master?.clients === 1 && linkTo(x, id('replica'))?.sync === 'sync');
      expect(detail(on, id('primary'))?.semiSync?.master).toEqual({ enabled: true, active: true, clients: 1, timeoutMs: 3000 });
      expect(detail(on, id('replica'))?.semiSync?.slave).toEqual({ enabled: true, active: true });
      expect(linkTo(on, id('chained'))?.sync).toBe('async');
      // The only semi-sync replica goes away: the next heartbeat commit waits 3 s, then the primary falls back. A
      // reading that waited with it would pass the 2 s query timeout and make the primary unreachable.
      await r.query('STOP SLAVE IO_THREAD');
      const durations: number[] = [];
      const off = await sampleUntil(d, (x) => {
        durations.push(x.durationMs);
        expect(x.nodes.find((n) => n.id === id('primary'))?.status.kind).toBe('up');
        return detail(x, id('primary'))?.semiSync?.master?.active === false;
      });
      expect(notesOf(off, id('primary')).join('\n')).toMatch(/semi-sync enabled but OFF/);
      expect(Math.max(...durations)).toBeLessThan(2_000);
    } finally {
      await p.query('SET GLOBAL rpl_semi_sync_master_enabled = OFF');
      await r.query('SET GLOBAL rpl_semi_sync_slave_enabled = OFF');
      await r.query('START SLAVE IO_THREAD');
    }
  });
});
