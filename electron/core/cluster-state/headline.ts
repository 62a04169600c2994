import { acceptsWrites } from '../alarms/rules';
import type { ClusterKind } from '../../../shared/model/cluster';
import type { ClusterHeadline, HeadlineState, HeadlineSuggestion } from '../../../shared/model/cluster-state';
import type { NodeActions } from '../../../shared/model/action';
import type { ClusterNode } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import { assertNever } from '../../../shared/result';
import { byHandAdvice, describeBehind, offered, rankFailoverCandidates } from './candidate';
import { degradation, type LagLimits } from './degradation';

export interface HeadlineInput {
  sample: ClusterSample;
  /** The cluster's kind as the monitor knows it (null before the first connection). */
  kind: ClusterKind | null;
  /** What the driver offers per node right now (ActionService.available); [] when it offers nothing. Read only when a suggestion needs it. */
  available: readonly NodeActions[];
  limits: LagLimits;
  /** The previous headline of this cluster: `since` carries over while the state and its nodes stay. */
  previous: ClusterHeadline | null;
}

interface Reading {
  state: HeadlineState;
  title: string;
  nodes: ClusterNode[];
  suggestion: HeadlineSuggestion | null;
  /** When the condition began, if the sample says (a node's `status.since`). */
  startedAt?: number;
}

const reads = (n: ClusterNode) => n.status.kind === 'up' || n.status.kind === 'degraded';
const lost = (n: ClusterNode) => n.status.kind === 'down' || n.status.kind === 'unreachable';
const sinceOf = (n: ClusterNode) => (n.status.kind === 'down' || n.status.kind === 'unreachable' ? n.status.since : undefined);

/** The cluster's one headline state from its latest sample. Pure. */
export function clusterHeadline(input: HeadlineInput): ClusterHeadline {
  const r = readingOf(input);
  const ids = r.nodes.map((n) => n.id);
  const prev = input.previous;
  const same = prev && prev.state === r.state && prev.nodeIds.join('\n') === ids.join('\n');
  const began = same ? prev.since : Math.min(r.startedAt ?? input.sample.takenAt, input.sample.takenAt);
  return {
    clusterId: input.sample.clusterId,
    state: r.state,
    title: r.title,
    since: began,
    asOf: input.sample.takenAt,
    nodes: r.nodes.map((n) => n.name),
    nodeIds: ids,
    suggestion: r.suggestion,
  };
}

function readingOf(input: HeadlineInput): Reading {
  // Every node lost (none up or degraded): red whatever the kind. With one node answering, the kind's own rules
  // hold (a primary its replicas still stream from is only unreachable, as Orchestrator's DeadMaster).
  const silent = noServerAnswers(input.sample);
  if (silent) return silent;
  const kind = input.kind ?? guessKind(input.sample);
  switch (kind) {
    case 'primary-replica':
      return primaryReplica(input);
    case 'consensus':
      return consensus(input);
    case 'multi-primary':
      return orDegraded(input, 'all peers up');
    default:
      return assertNever(kind, 'cluster kind');
  }
}

function noServerAnswers(sample: ClusterSample): Reading | null {
  if (sample.nodes.length === 0 || sample.nodes.some((n) => !lost(n))) return null;
  const since = sample.nodes.flatMap((n) => (sinceOf(n) === undefined ? [] : [sinceOf(n)!]));
  return {
    state: 'no-server-answers',
    title: `no server answers: ${sample.nodes.map((n) => `${n.name} ${n.status.kind}`).join(', ')}`,
    nodes: sample.nodes,
    // The nodes' own reasons say which: stopped servers, a network cut, or a login refused (a rotated password, trial 21).
    suggestion: { kind: null, target: null, text: `check whether the servers are running and whether ReplicaDesk can reach them and log in${whyLost(sample.nodes)}` },
    ...(since.length > 0 ? { startedAt: Math.min(...since) } : {}),
  };
}

/** "; n1: <its reason>" for up to two distinct reasons, so the cause shows without opening a node. */
function whyLost(nodes: readonly ClusterNode[]): string {
  const seen = new Map<string, string>();
  for (const n of nodes) {
    const reason = n.status.kind === 'up' ? '' : n.status.reason;
    if (reason && !seen.has(reason)) seen.set(reason, n.name);
  }
  return [...seen].slice(0, 2).map(([reason, name]) => `; ${name}: ${reason}`).join('');
}

function guessKind(sample: ClusterSample): ClusterKind {
  if (sample.consensus) return 'consensus';
  return sample.nodes.some((n) => n.role === 'peer') ? 'multi-primary' : 'primary-replica';
}

function orDegraded(input: HeadlineInput, healthy: string): Reading {
  const bad = degradation(input.sample, input.limits);
  // Healthy only when the whole shape was read: what could not be read is said instead.
  if (!bad) return partlyRead(input.sample) ?? { state: 'healthy', title: healthy, nodes: [], suggestion: null };
  return { state: 'degraded', title: bad.title, nodes: bad.nodes, suggestion: null, startedAt: bad.startedAt };
}

/** "partly read: could not read pglogical's nodes and subscriptions on n1", with why as the advice; null when all was read. */
function partlyRead(sample: ClusterSample): Reading | null {
  const gaps = sample.unread ?? [];
  if (gaps.length === 0) return null;
  const byId = new Map(sample.nodes.map((n) => [n.id, n]));
  const where = (id: string | null) => (id === null ? '' : ` on ${byId.get(id)?.name ?? id}`);
  const nodes = [...new Set(gaps.map((g) => g.nodeId))].flatMap((id) => (id !== null && byId.has(id) ? [byId.get(id)!] : []));
  const title = `partly read: could not read ${gaps.map((g) => `${g.what}${where(g.nodeId)}`).join('; ')}`;
  return { state: 'partly-read', title, nodes, suggestion: { kind: null, target: null, text: [...new Set(gaps.map((g) => g.reason))].join('; ') } };
}

function consensus(input: HeadlineInput): Reading {
  const { sample } = input;
  const leaderNode = sample.nodes.find((n) => n.role === 'leader' && reads(n));
  const member = sample.consensus?.members.find((m) => m.role === 'leader' && m.nodeId === sample.consensus?.leaderId);
  const leaderUp = leaderNode ?? (member ? sample.nodes.find((n) => n.id === member.nodeId && reads(n)) : undefined);
  if (!leaderUp) {
    const gone = sample.nodes.filter((n) => n.role === 'leader');
    return { state: 'no-leader', title: 'no leader', nodes: gone, suggestion: { kind: null, target: null, text: 'wait for an election; a majority of members must be up to elect one' } };
  }
  return orDegraded(input, `leader ${leaderUp.name}`);
}

function primaryReplica(input: HeadlineInput): Reading {
  // `input.available` is read only where a suggestion needs it: the tracker computes it lazily.
  const { sample } = input;
  const primaries = sample.nodes.filter((n) => n.role === 'primary');
  // The same test as the split-brain alarm: a primary that is up and neither read-only nor fenced.
  const writable = primaries.filter(acceptsWrites);
  const fenced = primaries.filter((n) => reads(n) && !acceptsWrites(n));
  const gone = primaries.filter(lost);
  if (writable.length >= 2) {
    return { state: 'split-brain', title: `split brain: ${names(writable)} accept writes`, nodes: writable, suggestion: { kind: null, target: null, text: `fence all but one of ${names(writable)}` } };
  }
  if (writable.length === 1 && fenced.length > 0) {
    const old = fenced[0]!;
    const rejoin = offered(input.available, old.id, 'rejoin');
    // The by-hand advice is the engine's (its availableActions' byHand): core knows no engine's commands.
    const manual = rejoin ? null : byHandAdvice(input.available, old.id, 'rejoin');
    const text = rejoin ? `rejoin ${old.name} as a standby of ${writable[0]!.name}` : (manual ?? `rejoin ${old.name} as a standby of ${writable[0]!.name} (by hand)`);
    return { state: 'fenced-old-primary', title: `${names(fenced)} fenced, awaiting rejoin`, nodes: [...fenced, ...writable], suggestion: { kind: rejoin ? 'rejoin' : null, target: rejoin ? old.id : null, text } };
  }
  if (writable.length === 1) return orDegraded(input, `primary ${writable[0]!.name}`);
  const failover = failoverSuggestion(input);
  const down = gone.find((n) => n.status.kind === 'down');
  if (down) return { state: 'primary-down', title: `primary ${down.name} down`, nodes: [down], suggestion: failover, startedAt: sinceOf(down) };
  const unreachable = gone[0];
  if (unreachable) {
    const advice = { kind: null, target: null, text: unreachableAdvice(sample, unreachable) };
    return { state: 'primary-unreachable', title: `primary ${unreachable.name} unreachable by ReplicaDesk`, nodes: [unreachable], suggestion: advice, startedAt: sinceOf(unreachable) };
  }
  // The fenced primary on the newest timeline is the one to unfence (the driver refuses the older side).
  const onlyFenced = [...fenced].sort((a, b) => (b.timeline ?? 0) - (a.timeline ?? 0))[0];
  if (onlyFenced && offered(input.available, onlyFenced.id, 'unfence')) {
    return { state: 'no-writable-primary', title: `no writable primary: ${names(fenced)} fenced`, nodes: fenced, suggestion: { kind: 'unfence', target: onlyFenced.id, text: `unfence ${onlyFenced.name}` } };
  }
  return { state: 'no-writable-primary', title: 'no writable primary', nodes: fenced, suggestion: failover };
}

function failoverSuggestion({ sample, available }: HeadlineInput): HeadlineSuggestion | null {
  const best = rankFailoverCandidates(sample, available)[0];
  if (!best) return { kind: null, target: null, text: 'no replica can be promoted now: see each replica’s actions for why' };
  return { kind: 'failover', target: best.node.id, text: `fail over to ${best.node.name}, ranked first: ${describeBehind(best)}` };
}

/** Claims its replicas stream from it only when a replica ReplicaDesk reads says so this round. */
function unreachableAdvice(sample: ClusterSample, primary: ClusterNode): string {
  const byId = new Map(sample.nodes.map((n) => [n.id, n]));
  const streaming = sample.links.some((l) => {
    const to = byId.get(l.to);
    return l.from === primary.id && l.state === 'streaming' && to !== undefined && reads(to);
  });
  if (streaming) return `its replicas still stream from it: check the network between ReplicaDesk and ${primary.name} before failing over`;
  return `no replica ReplicaDesk can read streams from it: check whether ${primary.name} and its replicas are running`;
}

function names(nodes: readonly ClusterNode[]): string {
  return nodes.map((n) => n.name).join(' and ');
}
