import { formatGtid, type Gtid } from '../gtid';
import type { ReplicaChannel, ServerReading } from '../wire';

/** Row-apply errors a master-master conflict stops the SQL thread with: duplicate key, row not found. */
export const ER_DUP_ENTRY = 1062;
export const ER_KEY_NOT_FOUND = 1032;
const CONFLICT_ERRNOS = new Set([ER_DUP_ENTRY, ER_KEY_NOT_FOUND]);

/** Channels of `r` whose SQL thread stopped on a conflict error. Pure: from the sample's own reading. */
export function conflictStops(r: ServerReading): ReplicaChannel[] {
  return r.channels.filter((c) => CONFLICT_ERRNOS.has(c.lastSqlErrno) && c.sqlRunning !== 'Yes');
}

/** One stop: the server, channel, and the transaction (its start in the source's binlog) it stopped on. */
export function stopKey(nodeId: string, c: ReplicaChannel): string {
  return `${nodeId}|${c.name}|${c.relayMasterLogFile}:${c.execMasterLogPos ?? '?'}`;
}

/** `channel "x"` or `the default channel`, for sentences. */
export function channelText(name: string): string {
  return name === '' ? 'the default channel' : `channel "${name}"`;
}

/** @@gtid_slave_pos with the failing GTID's domain moved to it: the position that skips exactly that transaction. */
export function skipPosition(slavePos: readonly Gtid[], failing: Gtid): Gtid[] {
  return [...slavePos.filter((g) => g.domain !== failing.domain), failing].sort((a, b) => a.domain - b.domain);
}

/**
 * Domains where the server's own binlog is further than @@gtid_slave_pos (its own writes, master-master). Under
 * gtid_strict_mode MariaDB refuses to SET a gtid_slave_pos behind its binlog there, yet that entry must stay as it is:
 * the source lacks the server's newer own GTIDs and would refuse a position naming them.
 */
export function ownDomainsAhead(slavePos: readonly Gtid[], binlogPos: readonly Gtid[]): number[] {
  return slavePos.filter((g) => binlogPos.some((b) => b.domain === g.domain && b.seq > g.seq)).map((g) => g.domain);
}

/** True once the position has applied (or skipped) `failing` in its domain. */
export function hasPassed(slavePos: readonly Gtid[], failing: Gtid): boolean {
  const g = slavePos.find((x) => x.domain === failing.domain);
  return g !== undefined && g.seq >= failing.seq;
}

export const positionText = (list: readonly Gtid[]): string => list.map(formatGtid).join(',');
