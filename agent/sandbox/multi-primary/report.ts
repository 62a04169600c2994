import type { NodeReport } from '../../../shared/agent/report';
import { linkId, type ReplicationLink } from '../../../shared/model/link';
import type { NodeStatus } from '../../../shared/model/node';
import { sandboxNode } from '../common/core';
import { computeLag } from '../common/lag';
import { formatLsn } from '../common/position';
import type { MultiPrimaryCore, MpStream } from './cluster';
import type { Peer } from './peer';

/** The link origin -> peer, with lag measured against the origin's log. */
function inboundLink(stream: MpStream, peer: Peer, nowMs: number): ReplicationLink {
  const origin = stream.upstream;
  const p = peer.inbound.get(origin.id)!;
  const sent = stream.isConnected ? Math.max(stream.sentPos, p.writePos) : p.writePos;
  const lag = computeLag(
    origin.log.endPos,
    { sent, write: p.writePos, flush: p.flushPos, replay: p.replayPos },
    nowMs,
    (pos) => origin.log.commitTimeAfter(pos) ?? p.oldestPending()?.version.committedAt ?? null,
  );
  return { id: linkId(origin.id, peer.id), from: origin.id, to: peer.id, state: stream.status.state, sync: 'async', lag, label: peer.id };
}

export function mpReport(core: MultiPrimaryCore, nodeId: string): NodeReport {
  const peer = core.peer(nodeId);
  if (!peer) throw new Error(`no node "${nodeId}"`);
  const nowMs = Math.round(core.sched.now());
  const streams = [...core.streams.values()].filter((s) => s.receiver.id === nodeId);
  const down = streams.filter((s) => s.status.reason !== null);
  const status: NodeStatus = down.length
    ? { kind: 'degraded', reason: down.map((s) => `from ${s.upstream.id}: ${s.status.reason}`).join('; ') }
    : { kind: 'up' };
  const open = core.conflicts.open().length;
  return {
    clusterKind: core.kind,
    node: sandboxNode(core.name, nodeId, {
      role: 'peer',
      status,
      startedAt: peer.startedAt,
      nowMs,
      readOnly: false,
      position: formatLsn(peer.log.endPos),
      notes: [`conflict policy: ${core.policy.policy}`, ...(open ? [`${open} open conflict${open === 1 ? '' : 's'}`] : [])],
    }),
    links: streams.map((s) => inboundLink(s, peer, nowMs)),
    slots: [],
    consensus: null,
    takenAt: nowMs,
  };
}
