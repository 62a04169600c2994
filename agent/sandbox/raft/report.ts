import type { NodeReport } from '../../../shared/agent/report';
import { linkId, type LinkState, type ReplicationLink } from '../../../shared/model/link';
import type { NodeStatus } from '../../../shared/model/node';
import { sandboxNode } from '../common/core';
import { computeLag } from '../common/lag';
import type { ObservedLink } from '../common/link-observer';
import type { RaftCore } from './cluster';
import type { RaftNode } from './node';

/** A stable 64-bit-looking member id (hex), as etcd shows them. */
export function memberIdOf(id: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const ch of id) {
    a = Math.imul(a ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    b = Math.imul(b ^ ch.charCodeAt(0), 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

function linkState(core: RaftCore, leader: RaftNode, follower: RaftNode): { state: LinkState; reason: string | null } {
  if (!leader.alive || leader.role !== 'leader') return { state: 'stopped', reason: `leader ${leader.id} is gone` };
  if (core.net.isCut(leader.id, follower.id) || core.net.isCut(follower.id, leader.id)) {
    return { state: 'broken', reason: `the link ${leader.id} <-> ${follower.id} is cut` };
  }
  return { state: 'streaming', reason: null };
}

/** A follower's incoming link from the leader it follows, with lag in log bytes and entry age. */
function followerLink(core: RaftCore, follower: RaftNode, nowMs: number): ReplicationLink | null {
  const leader = follower.leaderId ? core.member(follower.leaderId) : undefined;
  if (!leader || leader === follower) return null;
  const end = leader.log.endByteAt(leader.log.lastIndex);
  const flush = leader.log.endByteAt(leader.matchIndex.get(follower.id) ?? 0);
  const write = Math.min(end, follower.log.endByteAt(follower.log.lastIndex));
  const replay = follower.log.endByteAt(follower.lastApplied);
  const { state } = linkState(core, leader, follower);
  const lag = computeLag(end, { sent: state === 'streaming' ? end : write, write, flush: Math.min(flush, write), replay }, nowMs, (pos) =>
    leader.log.createdAfterByte(pos),
  );
  return { id: linkId(leader.id, follower.id), from: leader.id, to: follower.id, state, sync: 'quorum', lag, label: memberIdOf(follower.id) };
}

export function raftLinks(core: RaftCore): ObservedLink[] {
  const out: ObservedLink[] = [];
  for (const node of core.members.values()) {
    const leader = node.leaderId ? core.member(node.leaderId) : undefined;
    // A dead or deposed leader shows up as leader-change events, not as broken links.
    if (!leader || leader === node || !leader.alive || leader.role !== 'leader') continue;
    const { state, reason } = linkState(core, leader, node);
    out.push({ id: linkId(leader.id, node.id), to: node.id, receiverAlive: node.alive, state, reason });
  }
  return out;
}

export function raftReport(core: RaftCore, nodeId: string): NodeReport {
  const node = core.member(nodeId);
  if (!node) throw new Error(`no member "${nodeId}"`);
  const nowMs = Math.round(core.sched.now());
  const status: NodeStatus =
    node.leaderId === null ? { kind: 'degraded', reason: 'no leader known (election in progress)' } : { kind: 'up' };
  const link = node.role === 'leader' ? null : followerLink(core, node, nowMs);
  const term = String(node.currentTerm);
  return {
    clusterKind: core.kind,
    node: sandboxNode(core.name, nodeId, {
      role: node.role,
      status,
      startedAt: node.startedAt,
      nowMs,
      term,
      readOnly: false,
      position: String(node.log.lastIndex),
    }),
    links: link ? [link] : [],
    slots: [],
    consensus: {
      nodeId,
      memberId: memberIdOf(nodeId),
      role: node.role,
      term,
      commitIndex: String(node.commitIndex),
      appliedIndex: String(node.lastApplied),
      lastContactAt: node.role === 'leader' ? nowMs : node.lastContactAt === null ? null : Math.round(node.lastContactAt),
    },
    takenAt: nowMs,
  };
}
