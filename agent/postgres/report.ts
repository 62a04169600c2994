import type { NodeReport } from '../../shared/agent/report';
import { linkId, type LinkState, type ReplicationLink } from '../../shared/model/link';
import type { ClusterNode, NodeStatus } from '../../shared/model/node';
import { nodeIdOf } from './local-sql';

/** One round-trip: what the agent reports about its server. */
export const REPORT_SQL = `SELECT pg_is_in_recovery() AS in_recovery,
  current_setting('server_version') AS version,
  current_setting('cluster_name') AS cluster_name,
  current_setting('default_transaction_read_only') = 'on' AS read_only,
  (extract(epoch FROM pg_postmaster_start_time()) * 1000)::float8 AS started_ms,
  CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END AS current_lsn,
  CASE WHEN pg_is_in_recovery() THEN NULL ELSE substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END AS wal_file,
  pg_last_wal_receive_lsn()::text AS receive_lsn,
  pg_last_wal_replay_lsn()::text AS replay_lsn,
  CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END AS replay_paused,
  (SELECT row_to_json(r) FROM (SELECT status, sender_host, sender_port, received_tli, latest_end_lsn::text AS latest_end_lsn
     FROM pg_stat_wal_receiver) r) AS receiver`;

export interface ReportRow {
  in_recovery: boolean;
  version: string;
  cluster_name: string;
  read_only: boolean;
  started_ms: number | null;
  current_lsn: string | null;
  wal_file: string | null;
  receive_lsn: string | null;
  replay_lsn: string | null;
  replay_paused: boolean;
  receiver: { status: string | null; sender_host: string | null; sender_port: number | null; received_tli: number | null; latest_end_lsn: string | null } | null;
}

function lsn(text: string | null): bigint | null {
  const m = text ? /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text) : null;
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

function distance(ahead: string | null, behind: string | null): number | null {
  const a = lsn(ahead);
  const b = lsn(behind);
  return a === null || b === null ? null : Number(a > b ? a - b : 0n);
}

function linkState(status: string | null): LinkState {
  return status === 'streaming' ? 'streaming' : status === 'startup' || status === 'catchup' ? 'catchup' : status === 'stopping' ? 'stopped' : 'broken';
}

/** The node, and its incoming link from its WAL receiver (lag as seen here: received but not yet replayed). */
export function nodeReport(nodeId: string, row: ReportRow, takenAt: number): NodeReport {
  const rc = row.in_recovery ? row.receiver : null;
  const upstream = rc?.sender_host && rc.sender_port ? nodeIdOf(rc.sender_host, rc.sender_port) : null;
  const streaming = rc?.status === 'streaming';
  const status: NodeStatus = !row.in_recovery || streaming
    ? { kind: 'up' }
    : { kind: 'degraded', reason: `not streaming: its WAL receiver is ${rc?.status ?? 'not running'} (replaying only what it already has)` };
  const node: ClusterNode = {
    id: nodeId,
    name: row.cluster_name || nodeId,
    address: nodeId,
    role: row.in_recovery ? 'replica' : 'primary',
    status,
    version: row.version,
    timeline: row.in_recovery ? (rc?.received_tli ?? null) : row.wal_file ? Number.parseInt(row.wal_file.slice(0, 8), 16) : null,
    startedAt: row.started_ms === null ? null : Math.round(row.started_ms),
    lastSeenAt: takenAt,
    readOnly: row.read_only || row.in_recovery,
    position: row.in_recovery ? (row.receive_lsn ?? row.replay_lsn) : row.current_lsn,
    ...(row.in_recovery ? { replayPaused: row.replay_paused } : {}),
  };
  const replayBytes = distance(row.receive_lsn, row.replay_lsn);
  const links: ReplicationLink[] = upstream
    ? [{
        id: linkId(upstream, nodeId),
        from: upstream,
        to: nodeId,
        state: linkState(rc?.status ?? null),
        sync: 'async',
        lag: {
          bytes: { sent: null, write: null, flush: null, replay: replayBytes },
          // Everything received is replayed: no time lag. Otherwise the app's own readings say how much.
          ms: { write: null, flush: null, replay: replayBytes === 0 ? 0 : null },
          measuredAt: takenAt,
          source: 'agent: pg_last_wal_receive_lsn - pg_last_wal_replay_lsn',
        },
        ...(row.cluster_name ? { label: row.cluster_name } : {}),
      }]
    : [];
  return { clusterKind: 'primary-replica', node, links, slots: [], consensus: null, takenAt };
}

/** The agent sees the host: a stopped server is `down`, one that runs but does not let us in is `unreachable`. */
export function notReadReport(nodeId: string, last: NodeReport | null, notRead: { running: boolean; reason: string }, since: number, takenAt: number): NodeReport {
  const status: NodeStatus = notRead.running
    ? { kind: 'unreachable', since, reason: `the server runs, but the agent cannot read it: ${notRead.reason}` }
    : { kind: 'down', since, reason: `the server is not running (no live postmaster): ${notRead.reason}` };
  const node: ClusterNode = last
    ? { ...last.node, status }
    : { id: nodeId, name: nodeId, address: nodeId, role: 'unknown', status, version: null, lastSeenAt: null };
  return { clusterKind: 'primary-replica', node, links: [], slots: [], consensus: null, takenAt };
}
