import type { MariadbSemiSync } from '../../../shared/engines/mariadb';
import type { GaleraReading } from './galera/galera-reading';
import type { Gtid } from './gtid';
import type { HeartbeatRead, HeartbeatWrite } from './heartbeat';
import type { ServerAddress } from './server-address';

/** One replication channel of a server (a row of SHOW ALL SLAVES STATUS). */
export interface ReplicaChannel {
  /** Connection_name; '' for the default channel. */
  name: string;
  source: ServerAddress;
  ioRunning: string;
  sqlRunning: string;
  lastIoErrno: number;
  lastIoError: string;
  lastSqlErrno: number;
  lastSqlError: string;
  secondsBehindMaster: number | null;
  masterLogFile: string;
  readMasterLogPos: number | null;
  relayMasterLogFile: string;
  execMasterLogPos: number | null;
  gtidIoPos: Gtid[];
  usingGtid: string;
}

/** A replica the server streams its binlog to (SHOW SLAVE HOSTS); `host` is '' without report_host. */
export interface RegisteredReplica {
  serverId: number;
  host: string;
  port: number;
}

/** Everything one round-trip to one server returned. */
export interface ServerReading {
  /** Epoch ms the answer arrived: the `measuredAt` of every figure from it. */
  at: number;
  serverId: number;
  hostname: string;
  port: number;
  reportHost: string;
  reportPort: number;
  version: string;
  readOnly: boolean;
  logBin: boolean;
  logSlaveUpdates: boolean;
  gtidStrictMode: boolean;
  gtidBinlogPos: Gtid[];
  gtidBinlogState: Gtid[];
  gtidSlavePos: Gtid[];
  gtidCurrentPos: Gtid[];
  uptimeS: number | null;
  /** SHOW MASTER STATUS; null without a binlog (or without BINLOG MONITOR). */
  binlog: { file: string; position: number } | null;
  channels: ReplicaChannel[];
  replicaHosts: RegisteredReplica[];
  /** Client hosts of Binlog Dump threads (replicas connected now), without their ephemeral port. */
  dumpHosts: string[];
  /** What could not be read, and the GRANT that would allow it. */
  notes: string[];
  /** Semi-sync variables and status; null/absent on a server without semi-sync. */
  semiSync?: MariadbSemiSync | null;
  /** The heartbeat table as read here; absent when the spec has no heartbeat. */
  heartbeat?: HeartbeatRead | null;
  /** This round's heartbeat write (writable primaries, about once a second); absent when none was due. */
  heartbeatWrite?: HeartbeatWrite | null;
  /** wsrep state when the server is a Galera node (wsrep_on); null or absent otherwise. */
  galera?: GaleraReading | null;
}
