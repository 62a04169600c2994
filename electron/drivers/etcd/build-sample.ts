import type { ConsensusMember, ConsensusState } from '../../../shared/model/consensus';
import type { ClusterNode, NodeRole, NodeStatus } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import type { MemberView, SampleInput } from './member-reading';
import { compareUint64, memberHex, type StatusReply } from './wire';

/** The leader as seen by the member with the highest term that reports one; null while there is none. */
export function electedLeader(views: readonly MemberView[]): { leaderId: string | null; term: string } {
  let best: StatusReply | null = null;
  for (const v of views) {
    if (v.reading.kind !== 'read') continue;
    const s = v.reading.status;
    if (!best || compareUint64(s.raftTerm, best.raftTerm) > 0 || (s.raftTerm === best.raftTerm && best.leader === '0')) best = s;
  }
  if (!best) return { leaderId: null, term: '0' };
  return { leaderId: best.leader === '0' ? null : best.leader, term: best.raftTerm };
}

function roleOf(v: MemberView, leaderId: string | null): { node: NodeRole; consensus: ConsensusMember['role'] } {
  const id = v.member.ID;
  if (leaderId !== null && id === leaderId) return { node: 'leader', consensus: 'leader' };
  if (v.member.isLearner) return { node: 'follower', consensus: 'learner' };
  if (v.reading.kind !== 'read') return { node: 'unknown', consensus: 'unknown' };
  // A member that knows no leader is between elections (candidate or pre-candidate) or cut off from the quorum.
  if (v.reading.status.leader === '0') return { node: 'candidate', consensus: 'candidate' };
  return { node: 'follower', consensus: 'follower' };
}

function statusOf(v: MemberView, alarms: readonly string[]): NodeStatus {
  const r = v.reading;
  if (r.kind === 'failed') return { kind: 'unreachable', since: r.since, reason: r.failure.reason };
  const problems = [
    ...r.status.errors,
    ...(r.status.leader === '0' ? ['sees no leader: an election is running or this member is cut off from the quorum'] : []),
    ...alarms.map((a) => `alarm ${a} raised${a === 'NOSPACE' ? ': the keyspace is read-only until space is freed and the alarm disarmed' : ''}`),
  ];
  return problems.length > 0 ? { kind: 'degraded', reason: problems.join('; ') } : { kind: 'up' };
}

function nodeOf(v: MemberView, input: SampleInput, leaderId: string | null): ClusterNode {
  const m = v.member;
  const alarms = input.alarms.get(m.ID) ?? [];
  const status = v.reading.kind === 'read' ? v.reading.status : null;
  const notes = [`member id ${memberHex(m.ID)} (hex, as etcdctl prints it)`];
  if (m.isLearner) notes.push('learner: receives the log but does not vote');
  if (m.clientURLs.length === 0) notes.push('no client URL: the member has not started yet, so it cannot be read');
  return {
    id: m.ID,
    name: m.name || `(unstarted ${memberHex(m.ID)})`,
    address: m.clientURLs[0] ?? m.peerURLs[0] ?? '',
    role: roleOf(v, leaderId).node,
    status: statusOf(v, alarms),
    version: status?.version ?? v.lastStatus?.status.version ?? null,
    term: status?.raftTerm ?? null,
    lastSeenAt: v.reading.kind === 'read' ? v.reading.at : (v.lastStatus?.at ?? null),
    position: status?.raftIndex ?? null,
    notes,
  };
}

function consensusMember(v: MemberView, input: SampleInput, leaderId: string | null): ConsensusMember {
  const known = v.reading.kind === 'read' ? { status: v.reading.status, at: v.reading.at } : v.lastStatus;
  const alarms = input.alarms.get(v.member.ID) ?? [];
  return {
    nodeId: v.member.ID,
    memberId: v.member.ID,
    role: roleOf(v, leaderId).consensus,
    term: known?.status.raftTerm ?? '0',
    commitIndex: known?.status.raftIndex ?? '0',
    appliedIndex: known?.status.raftAppliedIndex ?? '0',
    lastContactAt: known?.at ?? null,
    dbSizeBytes: known ? Number(known.status.dbSize) : null,
    alarms,
  };
}

/** Turns one round of member status replies into the model. Pure: unit-tested without etcd. */
export function buildSample(input: SampleInput): ClusterSample {
  const { leaderId, term } = electedLeader(input.views);
  const warnings = [...input.warnings];
  const read = input.views.filter((v) => v.reading.kind === 'read');
  const voters = input.views.filter((v) => !v.member.isLearner).length;
  if (read.length > 0 && leaderId === null) warnings.push('no member reports a leader: the cluster cannot accept writes until an election completes');
  if (read.length < Math.floor(voters / 2) + 1) {
    warnings.push(`only ${read.length} of ${voters} voting members answered us: if the others are really down the cluster has no quorum`);
  }
  const views = new Set(read.map((v) => (v.reading.kind === 'read' ? v.reading.status.leader : '0')));
  if (views.size > 1) warnings.push('members disagree about the leader (an election just happened, or a member is partitioned)');
  for (const [id, names] of input.alarms) if (names.length > 0) warnings.push(`member ${memberHex(id)} has alarm ${names.join(', ')}`);
  const consensus: ConsensusState = {
    leaderId,
    term,
    members: input.views.map((v) => consensusMember(v, input, leaderId)),
  };
  return {
    clusterId: input.clusterId,
    takenAt: input.takenAt,
    durationMs: input.durationMs,
    nodes: input.views.map((v) => nodeOf(v, input, leaderId)),
    // Raft followers have no byte or time lag we can measure honestly: see README "Links".
    links: [],
    slots: [],
    consensus,
    queriesPerNode: input.queriesPerNode,
    warnings,
  };
}
