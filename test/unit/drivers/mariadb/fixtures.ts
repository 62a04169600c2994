import { parseGtidList, type Gtid } from '../../../../electron/drivers/mariadb/gtid';
import { addressOf } from '../../../../electron/drivers/mariadb/server-address';
import type { ServerView } from '../../../../electron/drivers/mariadb/view';
import type { ReplicaChannel, ServerReading } from '../../../../electron/drivers/mariadb/wire';

export const AT = 1_800_000_000_000;

export const gtids = (text: string): Gtid[] => {
  const r = parseGtidList(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

export function channel(sourcePort: number, over: Partial<ReplicaChannel> = {}): ReplicaChannel {
  return {
    name: '',
    source: addressOf('127.0.0.1', sourcePort),
    ioRunning: 'Yes',
    sqlRunning: 'Yes',
    lastIoErrno: 0,
    lastIoError: '',
    lastSqlErrno: 0,
    lastSqlError: '',
    secondsBehindMaster: 0,
    masterLogFile: 'mariadb-bin.000001',
    readMasterLogPos: 1000,
    relayMasterLogFile: 'mariadb-bin.000001',
    execMasterLogPos: 1000,
    gtidIoPos: gtids('0-1-10'),
    usingGtid: 'Slave_Pos',
    ...over,
  };
}

export function reading(port: number, over: Partial<ServerReading> = {}): ServerReading {
  return {
    at: AT,
    serverId: port,
    hostname: `host-${port}`,
    port,
    reportHost: '',
    reportPort: port,
    version: '10.11.19-MariaDB-0+deb12u1-log',
    readOnly: false,
    logBin: true,
    logSlaveUpdates: true,
    gtidStrictMode: true,
    gtidBinlogPos: gtids('0-1-10'),
    gtidBinlogState: gtids('0-1-10'),
    gtidSlavePos: gtids('0-1-10'),
    gtidCurrentPos: gtids('0-1-10'),
    uptimeS: 100,
    binlog: { file: 'mariadb-bin.000001', position: 1000 },
    channels: [],
    replicaHosts: [],
    dumpHosts: [],
    notes: [],
    ...over,
  };
}

export function readView(r: ServerReading): ServerView {
  return { address: addressOf('127.0.0.1', r.port), reading: { kind: 'read', value: r }, last: r };
}

export function failedView(port: number, last: ServerReading | null, reason = 'nothing accepts connections'): ServerView {
  return { address: addressOf('127.0.0.1', port), reading: { kind: 'failed', failure: { ok: false, code: 'connection-refused', reason }, since: AT - 5_000 }, last };
}
