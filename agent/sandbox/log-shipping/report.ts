import type { NodeReport } from '../../../shared/agent/report';
import { linkId, type ReplicationLink } from '../../../shared/model/link';
import type { NodeStatus } from '../../../shared/model/node';
import { sandboxNode } from '../common/core';
import { computeLag } from '../common/lag';
import { formatLsn } from '../common/position';
import type { PrimaryReplicaCore, PrStream } from './cluster';

/** The incoming link of a replica, with lag measured against its upstream. */
export function streamLink(stream: PrStream, nowMs: number): ReplicationLink {
  const { upstream: up, receiver: rep } = stream;
  const p = rep.pipeline;
  const sent = stream.isConnected ? stream.sentPos : p.writePos;
  const lag = computeLag(
    up.sendableEnd(),
    { sent: Math.max(sent, p.writePos), write: p.writePos, flush: p.flushPos, replay: p.replayPos },
    nowMs,
    (pos) => up.wal.commitTimeAfter(pos) ?? rep.wal.commitTimeAfter(pos),
  );
  return {
    id: linkId(up.id, rep.id),
    from: up.id,
    to: rep.id,
    state: stream.status.state,
    sync: 'async',
    lag,
    label: rep.id,
  };
}

export function prReport(core: PrimaryReplicaCore, nodeId: string): NodeReport {
  const node = core.node(nodeId);
  if (!node) throw new Error(`no node "${nodeId}"`);
  const nowMs = Math.round(core.sched.now());
  const stream = core.streams.get(nodeId);
  const status: NodeStatus = stream?.status.reason
    ? { kind: 'degraded', reason: stream.status.reason }
    : { kind: 'up' };
  const notes: string[] = [];
  if (node.fenced) notes.push('fenced: writes are refused');
  const others = [...core.nodes.values()].filter((n) => n !== node && n.writable);
  if (node.writable && others.length > 0) notes.push(`split brain: ${others.map((n) => n.id).join(', ')} also accept writes`);
  return {
    clusterKind: core.kind,
    node: sandboxNode(core.name, nodeId, {
      role: core.roleOf(node),
      status,
      startedAt: node.startedAt,
      nowMs,
      timeline: node.timeline,
      readOnly: node.role !== 'primary' || node.fenced,
      position: formatLsn(node.role === 'primary' ? node.wal.endPos : node.pipeline.replayPos),
      notes,
    }),
    links: stream ? [streamLink(stream, nowMs)] : [],
    slots: [],
    consensus: null,
    takenAt: nowMs,
  };
}
