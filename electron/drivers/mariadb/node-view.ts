import type { ClusterNode, NodeRole, NodeStatus } from '../../../shared/model/node';
import { formatGtid } from './gtid';
import { channelProblem } from './link-view';
import { isSourceSideNote } from './server-reading';
import { currentReading, knownReading, type ServerView } from './view';
import type { ReplicaChannel, ServerReading } from './wire';

/** `@@report_host:port` when the server sets report_host, else `@@hostname:port`; the id stays the address we reach. */
export function displayName(r: ServerReading | null, id: string): string {
  if (!r) return id;
  // A Galera node is named by wsrep_node_name, as Galera's own messages (and ours about it) name it.
  if (r.galera?.nodeName) return r.galera.nodeName;
  if (r.reportHost !== '') return `${r.reportHost}:${r.reportPort > 0 ? r.reportPort : r.port}`;
  return r.hostname !== '' ? `${r.hostname}:${r.port}` : id;
}

/**
 * `unreachable` when we cannot read the server; `down` when, in addition, every
 * replica that reads from it has lost its IO thread (the cluster agrees, as
 * Orchestrator's DeadMaster). `degraded` for a channel that is not replicating or
 * errant GTIDs.
 */
export function nodeStatus(v: ServerView, feeding: readonly ReplicaChannel[], problems: readonly string[]): NodeStatus {
  if (v.reading.kind === 'failed') {
    const { since, failure } = v.reading;
    const lost = feeding.length > 0 && feeding.every((c) => c.ioRunning !== 'Yes');
    return lost
      ? { kind: 'down', since, reason: `${failure.reason}; and all ${feeding.length} replica(s) lost their IO thread to it` }
      : { kind: 'unreachable', since, reason: feeding.length > 0 ? `${failure.reason} (its replicas still reach it: only ReplicaDesk cannot)` : failure.reason };
  }
  const all = [...v.reading.value.channels.map(channelProblem).filter((p): p is string => p !== null), ...problems];
  return all.length > 0 ? { kind: 'degraded', reason: all.join('; ') } : { kind: 'up' };
}

export function nodeOf(v: ServerView, role: NodeRole, status: NodeStatus, notes: readonly string[]): ClusterNode {
  const r = knownReading(v);
  const now = currentReading(v);
  // A Galera peer without async channels: notes about being an async source (grants for SHOW SLAVE HOSTS …) do not apply.
  const galeraOnly = role === 'peer' && r !== null && r.channels.length === 0 && r.replicaHosts.length === 0;
  const extra = [...(r?.notes ?? []).filter((n) => !(galeraOnly && isSourceSideNote(n))), ...notes];
  if (r && !r.logBin) extra.push('binary log off: this server cannot be a source, and its position is @@gtid_slave_pos only');
  if (r && r.channels.length > 0 && !r.logSlaveUpdates) extra.push('log_slave_updates off: its replicas would not get what it replicates');
  return {
    id: v.address.id,
    name: displayName(r, v.address.id),
    address: v.address.id,
    role,
    status,
    version: r?.version ?? null,
    startedAt: now && now.uptimeS !== null ? now.at - now.uptimeS * 1000 : null,
    lastSeenAt: r?.at ?? null,
    readOnly: r?.readOnly ?? false,
    position: r ? r.gtidCurrentPos.map(formatGtid).join(',') : null,
    ...(extra.length > 0 ? { notes: extra } : {}),
  };
}
