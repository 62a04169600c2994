import type { ClusterSample } from '../../../shared/model/sample';
import type { ClusterNode, NodeStatus } from '../../../shared/model/node';
import type { ReplicationLink } from '../../../shared/model/link';
import type { ReplicationSlot } from '../../../shared/model/slot';
import type { ConsensusMember, ConsensusState } from '../../../shared/model/consensus';
import { assertNever } from '../../../shared/result';
import type { AgentConnectionStatus, LatestReport } from './connection';

/** What the merge needs to know about one agent. */
export interface AgentView {
  url: string;
  status: AgentConnectionStatus;
  latest: ReadonlyMap<string, LatestReport>;
  unavailableSince: number | null;
}

/**
 * Merges the newest report of every agent into one ClusterSample. A node
 * whose agent is gone keeps its last role, position and links (with their
 * old `measuredAt`), and its status says why it is stale.
 */
export function mergeReports(clusterId: string, views: AgentView[], now: number, staleAfterMs: number): ClusterSample {
  const nodes = new Map<string, ClusterNode>();
  const links = new Map<string, ReplicationLink>();
  const slots: ReplicationSlot[] = [];
  const members: { member: ConsensusMember; live: boolean }[] = [];
  const warnings: string[] = [];
  for (const view of views) {
    if (view.latest.size === 0) {
      warnings.push(`no report yet from ${view.url}: ${describe(view.status)}`);
      continue;
    }
    for (const { report, receivedAt } of view.latest.values()) {
      const stale = staleStatus(view, receivedAt, now, staleAfterMs);
      if (nodes.has(report.node.id)) warnings.push(`two agents report node ${report.node.id}; using ${view.url}`);
      nodes.set(report.node.id, stale ? staleNode(report.node, stale, receivedAt) : report.node);
      for (const link of report.links) links.set(link.id, link);
      slots.push(...report.slots);
      if (report.consensus) {
        const member = stale ? { ...report.consensus, role: 'unknown' as const } : report.consensus;
        members.push({ member, live: !stale });
      }
    }
  }
  return {
    clusterId,
    takenAt: now,
    durationMs: 0,
    nodes: [...nodes.values()],
    links: [...links.values()],
    slots,
    consensus: members.length ? consensusOf(members) : null,
    // Agents push their reports: a sample costs no round-trip.
    queriesPerNode: 0,
    warnings,
  };
}

/** Consensus roles are only true while the member answers: a dead leader is no leader (primary/replica roles are kept as last known). */
const LIVE_ONLY_ROLES = new Set<ClusterNode['role']>(['leader', 'follower', 'candidate']);

function staleNode(node: ClusterNode, status: NodeStatus, receivedAt: number): ClusterNode {
  return { ...node, status, lastSeenAt: receivedAt, role: LIVE_ONLY_ROLES.has(node.role) ? 'unknown' : node.role };
}

/** null when the node's report is fresh; otherwise the status a stale node shows. */
function staleStatus(view: AgentView, receivedAt: number, now: number, staleAfterMs: number): NodeStatus | null {
  const since = view.unavailableSince ?? receivedAt;
  const s = view.status;
  switch (s.kind) {
    case 'ready':
      if (now - receivedAt <= staleAfterMs) return null;
      return { kind: 'unreachable', since: receivedAt, reason: `no report from its agent for ${Math.round((now - receivedAt) / 1000)} s` };
    case 'backoff':
      return s.lastError.code === 'node-down'
        ? { kind: 'down', since, reason: s.lastError.reason }
        : { kind: 'unreachable', since, reason: s.lastError.reason };
    case 'connecting':
      return { kind: 'unreachable', since, reason: `reconnecting to its agent at ${view.url}` };
    case 'closed':
      return { kind: 'unreachable', since, reason: 'the connection to its agent is closed' };
    default:
      return assertNever(s, 'agent connection status');
  }
}

function describe(status: AgentConnectionStatus): string {
  switch (status.kind) {
    case 'ready':
      return 'connected, waiting for the first report';
    case 'connecting':
      return 'connecting';
    case 'backoff':
      return status.lastError.reason;
    case 'closed':
      return 'closed';
    default:
      return assertNever(status, 'agent connection status');
  }
}

/** leaderId: the live leader with the highest term; term: the highest term any member reports. */
export function consensusOf(members: { member: ConsensusMember; live: boolean }[]): ConsensusState {
  let term = 0n;
  let leader: ConsensusMember | null = null;
  for (const { member, live } of members) {
    const t = toBig(member.term);
    if (t > term) term = t;
    if (live && member.role === 'leader' && (!leader || t > toBig(leader.term))) leader = member;
  }
  return { leaderId: leader?.nodeId ?? null, term: term.toString(), members: members.map((m) => m.member) };
}

function toBig(value: string): bigint {
  try {
    return BigInt(value);
  } catch {
    return 0n;
  }
}
