import { describe, expect, it } from 'vitest';
import { buildSample, clusterKind } from '../../../../electron/drivers/mariadb/build-sample';
import { linkState } from '../../../../electron/drivers/mariadb/link-view';
import { ClusterSampleSchema } from '../../../../shared/model/sample';
import type { ServerView } from '../../../../electron/drivers/mariadb/view';
import { AT, channel, failedView, gtids, reading, readView } from './fixtures';

const sample = (views: ServerView[]) =>
  buildSample({ clusterId: 'c', takenAt: AT, durationMs: 3, views, queriesPerNode: 1, warnings: [] });

// 1 is the primary, 2 and 3 replicate from it, 4 from 2.
const chain = () => [
  readView(reading(1)),
  readView(reading(2, { channels: [channel(1)] })),
  readView(reading(3, { channels: [channel(1)] })),
  readView(reading(4, { channels: [channel(2)] })),
];

describe('MariaDB sample from readings', () => {
  it('gives roles by position in the chain and one link per channel', () => {
    const s = sample(chain());
    expect(ClusterSampleSchema.safeParse(s).success).toBe(true);
    expect(s.nodes.map((n) => n.role)).toEqual(['primary', 'replica', 'replica', 'cascading-replica']);
    expect(s.links.map((l) => l.id)).toEqual(['127.0.0.1:1->127.0.0.1:2', '127.0.0.1:1->127.0.0.1:3', '127.0.0.1:2->127.0.0.1:4']);
    expect(clusterKind(chain())).toBe('primary-replica');
  });

  it('shows master-master as two primaries with a link each way', () => {
    const views = [readView(reading(1, { channels: [channel(2)] })), readView(reading(2, { channels: [channel(1)] }))];
    const s = sample(views);
    expect(s.nodes.map((n) => n.role)).toEqual(['primary', 'primary']);
    expect(s.links.map((l) => l.id).sort()).toEqual(['127.0.0.1:1->127.0.0.1:2', '127.0.0.1:2->127.0.0.1:1']);
    expect(clusterKind(views)).toBe('multi-primary');
  });

  it('measures lag as GTID distance, same-file bytes and Seconds_Behind_Master, each from the replica reading', () => {
    const views = [
      readView(reading(1, { gtidBinlogPos: gtids('0-1-17'), binlog: { file: 'mariadb-bin.000001', position: 5000 } })),
      readView(reading(2, { at: AT + 7, gtidSlavePos: gtids('0-1-12'), channels: [channel(1, { readMasterLogPos: 4000, execMasterLogPos: 2500, secondsBehindMaster: 3 })] })),
    ];
    const lag = sample(views).links[0]!.lag;
    expect(lag.transactions).toEqual({ behind: 5, perDomain: { '0': 5 } });
    expect(lag.bytes).toEqual({ sent: null, write: 1000, flush: null, replay: 1500 });
    expect(lag.ms).toEqual({ write: null, flush: null, replay: 3000 });
    expect(lag.measuredAt).toBe(AT + 7);
    expect(lag.source).toMatch(/Seconds_Behind_Master/);
  });

  it('never invents bytes across binlog files, nor a distance from a source it could not read', () => {
    const views = [
      failedView(1, reading(1)),
      readView(reading(2, { channels: [channel(1, { masterLogFile: 'mariadb-bin.000002', relayMasterLogFile: 'mariadb-bin.000001', secondsBehindMaster: null })] })),
    ];
    const lag = sample(views).links[0]!.lag;
    expect(lag.bytes).toEqual({ sent: null, write: null, flush: null, replay: null });
    expect(lag.transactions).toBeNull();
    expect(lag.ms.replay).toBeNull();
  });

  it.each([
    [{}, 'streaming'],
    [{ sqlRunning: 'No' }, 'stopped'],
    [{ ioRunning: 'No' }, 'stopped'],
    [{ ioRunning: 'Connecting' }, 'catchup'],
    [{ ioRunning: 'Connecting', lastIoErrno: 2003, lastIoError: "Can't connect" }, 'broken'],
    [{ sqlRunning: 'No', lastSqlErrno: 1062, lastSqlError: 'Duplicate entry' }, 'broken'],
  ] as const)('link state of %j is %s', (over, state) => {
    expect(linkState(channel(1, over))).toBe(state);
  });

  it('flags errant GTIDs on a replica and on the chained replica below it, not on the primary', () => {
    const views = chain();
    views[1] = readView(reading(2, { channels: [channel(1)], gtidBinlogState: gtids('0-1-10,0-2-11') }));
    views[3] = readView(reading(4, { channels: [channel(2)], gtidBinlogState: gtids('0-1-10,0-2-11') }));
    const s = sample(views);
    expect(s.nodes.map((n) => n.status.kind)).toEqual(['up', 'degraded', 'up', 'degraded']);
    expect(s.warnings).toHaveLength(2);
    expect(s.warnings[0]).toMatch(/^errant GTID 0-2-11: transaction written on host-2:2 that host-1:1 never had/);
  });

  it('says a primary is down only when its replicas lost their IO threads too', () => {
    const lost = { ioRunning: 'Connecting', lastIoErrno: 2003, lastIoError: "Can't connect" };
    const down = sample([failedView(1, reading(1)), readView(reading(2, { channels: [channel(1, lost)] })), readView(reading(3, { channels: [channel(1, lost)] }))]);
    expect(down.nodes[0]!.status).toMatchObject({ kind: 'down', since: AT - 5_000, reason: expect.stringMatching(/all 2 replica\(s\) lost their IO thread/) });
    expect(down.nodes[0]!.role).toBe('primary');
    const onlyUs = sample([failedView(1, reading(1)), readView(reading(2, { channels: [channel(1, lost)] })), readView(reading(3, { channels: [channel(1)] }))]);
    expect(onlyUs.nodes[0]!.status).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/only ReplicaDesk cannot/) });
  });

  it('names a node by report_host:report_port, else hostname:port, and keeps the address as its id', () => {
    const s = sample([readView(reading(1, { reportHost: 'db1.example', reportPort: 3306 })), readView(reading(2, { channels: [channel(1)] }))]);
    expect(s.nodes.map((n) => [n.id, n.name])).toEqual([
      ['127.0.0.1:1', 'db1.example:3306'],
      ['127.0.0.1:2', 'host-2:2'],
    ]);
  });

  it('a server never read has an unknown role and its failure as the reason', () => {
    const s = sample([failedView(1, null), readView(reading(2, { channels: [channel(1)] }))]);
    expect(s.nodes[0]).toMatchObject({ role: 'unknown', status: { kind: 'unreachable', reason: expect.stringContaining('nothing accepts') }, version: null });
  });
});
