import { describe, expect, it } from 'vitest';
import { buildSample } from '../../../../electron/drivers/mariadb/build-sample';
import { parseSemiSync, semiSyncNote } from '../../../../electron/drivers/mariadb/semi-sync';
import type { HeartbeatRead } from '../../../../electron/drivers/mariadb/heartbeat';
import type { ServerView } from '../../../../electron/drivers/mariadb/view';
import { ClusterSampleSchema } from '../../../../shared/model/sample';
import { AT, channel, failedView, gtids, reading, readView } from './fixtures';

const hb = (readAt: number, rows: [number, number][]): HeartbeatRead => ({ readAt, rows: rows.map(([serverId, writtenAt]) => ({ serverId, writtenAt })), error: null });
const sample = (views: ServerView[], heartbeatTable: string | null = 'replicadesk.heartbeat') =>
  buildSample({ clusterId: 'c', takenAt: AT, durationMs: 3, views, queriesPerNode: 1, warnings: [], heartbeatTable });

// 1 primary (writes its row), 2 replica of 1, 4 chained from 2: the chained replica's heartbeat counts the primary's row.
const chain = (r2Age: number, r4Age: number) => [
  readView(reading(1, { serverId: 1, heartbeat: hb(AT, [[1, AT - 200]]) })),
  readView(reading(2, { serverId: 2, channels: [channel(1, { secondsBehindMaster: 9 })], heartbeat: hb(AT, [[1, AT - r2Age]]) })),
  readView(reading(4, { serverId: 4, channels: [channel(2)], heartbeat: hb(AT, [[1, AT - r4Age]]) })),
];

describe('MariaDB semi-sync reading', () => {
  it('parses variables and status by name, null without them', () => {
    const rows = [
      { name: 'rpl_semi_sync_master_status', value: 'ON' },
      { name: 'rpl_semi_sync_master_clients', value: '2' },
      { name: 'rpl_semi_sync_slave_status', value: 'OFF' },
      { name: 'rpl_semi_sync_master_enabled', value: 'ON' },
      { name: 'rpl_semi_sync_master_timeout', value: '10000' },
      { name: 'rpl_semi_sync_slave_enabled', value: 'OFF' },
    ];
    expect(parseSemiSync(rows)).toEqual({ master: { enabled: true, active: true, clients: 2, timeoutMs: 10_000 }, slave: { enabled: false, active: false } });
    expect(parseSemiSync([])).toBeNull();
    expect(parseSemiSync([{ name: 'rpl_semi_sync_slave_enabled', value: 'ON' }])).toEqual({ master: null, slave: { enabled: true, active: false } });
  });

  it('names the fallback to asynchronous (enabled, status OFF)', () => {
    expect(semiSyncNote({ master: { enabled: true, active: false, clients: 0, timeoutMs: 1_500 }, slave: null })).toMatch(/enabled but OFF.*1500 ms/);
    expect(semiSyncNote({ master: { enabled: true, active: true, clients: 1, timeoutMs: 1_500 }, slave: null })).toBeNull();
    expect(semiSyncNote({ master: { enabled: false, active: false, clients: 0, timeoutMs: 1_500 }, slave: null })).toBeNull();
    expect(semiSyncNote(null)).toBeNull();
  });
});

describe('MariaDB engineDetail and heartbeat lag in the sample', () => {
  it('puts the heartbeat age in lag.ms of every link (the chained replica against the primary row), and says so', () => {
    const s = sample(chain(1_200, 4_800));
    expect(ClusterSampleSchema.safeParse(s).success).toBe(true);
    const lag = (to: string) => s.links.find((l) => l.to === to)!.lag;
    expect(lag('127.0.0.1:2').ms.replay).toBe(1_200);
    expect(lag('127.0.0.1:2').source).toMatch(/^heartbeat: .*server_id 1's row in replicadesk.heartbeat/);
    expect(lag('127.0.0.1:4').ms.replay).toBe(4_800);
    const d = s.engineDetail!;
    expect(d.engine).toBe('mariadb');
    expect(d.nodes['127.0.0.1:4']?.heartbeat).toEqual({ lagMs: 4_800, sourceServerId: 1, measuredAt: AT, writtenAt: null, note: null });
    expect(d.nodes['127.0.0.1:1']?.heartbeat).toMatchObject({ lagMs: null, writtenAt: AT - 200, note: null });
  });

  it('in master-master each link counts its source row (both masters write)', () => {
    const rows: [number, number][] = [
      [1, AT - 2_000],
      [2, AT - 300],
    ];
    const views = [
      readView(reading(1, { serverId: 1, channels: [channel(2)], heartbeat: hb(AT, [[1, AT - 100], [2, AT - 700]]) })),
      readView(reading(2, { serverId: 2, channels: [channel(1)], heartbeat: hb(AT, rows) })),
    ];
    const s = sample(views);
    expect(s.links.find((l) => l.to === '127.0.0.1:2')?.lag.ms.replay).toBe(2_000);
    expect(s.links.find((l) => l.to === '127.0.0.1:1')?.lag.ms.replay).toBe(700);
    expect(s.engineDetail?.nodes['127.0.0.1:2']?.heartbeat).toMatchObject({ lagMs: 2_000, sourceServerId: 1, writtenAt: AT - 300 });
  });

  it('falls back to Seconds_Behind_Master with the reason when the primary row is stale', () => {
    const views = chain(1_200, 1_300);
    views[0] = readView(reading(1, { serverId: 1, heartbeat: hb(AT, [[1, AT - 60_000]]) }));
    const s = sample(views);
    const l = s.links.find((x) => x.to === '127.0.0.1:2')!;
    expect(l.lag.ms.replay).toBe(9_000);
    expect(l.lag.source).toMatch(/^Seconds_Behind_Master .*heartbeat not used: .*60 s old/);
    expect(s.engineDetail?.nodes['127.0.0.1:2']?.heartbeat).toMatchObject({ lagMs: null, note: expect.stringMatching(/60 s old/) });
  });

  it('without a heartbeat in the spec: Seconds_Behind_Master, and no heartbeat detail', () => {
    const s = sample(chain(1_200, 1_300), null);
    expect(s.links.find((x) => x.to === '127.0.0.1:2')?.lag.source).toMatch(/^Seconds_Behind_Master/);
    expect(s.links.find((x) => x.to === '127.0.0.1:2')?.lag.source).not.toMatch(/heartbeat/);
    expect(s.engineDetail?.nodes['127.0.0.1:2']?.heartbeat).toBeNull();
  });

  it('carries positions, errant GTIDs and semi-sync per node; a server never read has nulls; no Galera part without Galera nodes', () => {
    const errant = readView(reading(2, { serverId: 2, channels: [channel(1)], gtidBinlogState: gtids('0-1-10,0-2-3'), gtidBinlogPos: gtids('0-2-3') }));
    const semi = { master: { enabled: true, active: true, clients: 1, timeoutMs: 10_000 }, slave: null };
    const views = [readView(reading(1, { serverId: 1, semiSync: semi })), errant, failedView(3, null)];
    const s = sample(views, null);
    const d = s.engineDetail!;
    expect(d.nodes['127.0.0.1:2']).toMatchObject({ serverId: 2, gtidBinlogPos: '0-2-3', gtidSlavePos: '0-1-10', errantGtids: ['0-2-3'], galera: null });
    expect(d.nodes['127.0.0.1:1']?.semiSync).toEqual(semi);
    expect(d.nodes['127.0.0.1:3']).toMatchObject({ serverId: null, gtidBinlogPos: '', logBin: null, semiSync: null });
    expect(d.galera).toBeNull();
    expect(ClusterSampleSchema.safeParse(s).success).toBe(true);
  });
});
