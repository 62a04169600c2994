import type { SyncMode } from '../../../shared/model/link';
import { rowAgeMs } from './heartbeat';
import type { ServerReading } from './wire';

/** A primary's own row older than this (read on the primary itself) is not being written: replicas' ages mean nothing. */
export const HEARTBEAT_STALE_MS = 5_000;

export type HeartbeatLag =
  | { kind: 'measured'; ms: number; serverId: number; primaryName: string; table: string }
  | { kind: 'unavailable'; why: string };

/**
 * Time lag of `replica` behind `primary` (the server whose row counts: the link's source when it is a primary, else
 * the primary at the top of the source's chain) by the heartbeat: the replica's UTC_TIMESTAMP(6), read in the same
 * statement, minus the row's written_at (the primary's clock). Used only while the primary's own row is fresh.
 */
export function heartbeatLag(replica: ServerReading, primary: ServerReading | null, primaryName: string, table: string): HeartbeatLag {
  const unavailable = (why: string): HeartbeatLag => ({ kind: 'unavailable', why });
  if (!replica.heartbeat) return unavailable(`${table} was not read on the replica`);
  if (replica.heartbeat.error) return unavailable(`${table} cannot be read on the replica (see its notes)`);
  if (!primary) return unavailable(`the primary ${primaryName} was not read this round`);
  const own = primary.heartbeat ? rowAgeMs(primary.heartbeat, primary.serverId) : null;
  if (own === null) return unavailable(`${primaryName} has no row in ${table} yet (not written, or it cannot write: see its notes)`);
  if (own > HEARTBEAT_STALE_MS) return unavailable(`${primaryName}'s row in ${table} is ${Math.round(own / 1000)} s old: it is not being written`);
  const ms = rowAgeMs(replica.heartbeat, primary.serverId);
  if (ms === null) return unavailable(`the replica has no row of server_id ${primary.serverId} yet`);
  return { kind: 'measured', ms: Math.round(ms), serverId: primary.serverId, primaryName, table };
}

export function heartbeatSource(h: Extract<HeartbeatLag, { kind: 'measured' }>): string {
  return (
    `heartbeat: the replica's UTC_TIMESTAMP(6) − written_at of server_id ${h.serverId}'s row in ${h.table}, written about once a second ` +
    `by ReplicaDesk on ${h.primaryName} by its own clock (resolution: the write interval; clock skew between the hosts adds to it)`
  );
}

/**
 * `sync` when the link's both ends run semi-sync (the source waits for this replica's acknowledgement), `quorum`
 * when the source has several semi-sync replicas (any one acknowledgement is enough), else `async`.
 */
export function linkSync(replica: ServerReading, source: ServerReading | null): SyncMode {
  const master = source?.semiSync?.master;
  if (!master?.active || !replica.semiSync?.slave?.active) return 'async';
  return master.clients > 1 ? 'quorum' : 'sync';
}
