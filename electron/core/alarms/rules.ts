import type { ClusterKind } from '../../../shared/model/cluster';
import type { ClusterNode } from '../../../shared/model/node';
import type { ReplicationLink } from '../../../shared/model/link';
import type { ClusterSample } from '../../../shared/model/sample';
import { formatBytes, formatMs } from '../events/format';
import type { Observation } from './alarm-book';
import type { Names } from './names';
import { misrouteObservations, poolerObservations } from './pooler-rules';
import { RUNBOOKS } from './runbooks';

export interface Thresholds {
  lagThresholdBytes: number;
  lagThresholdMs: number;
}

/**
 * Lag clears only below this share of its limit: a link hovering at the limit
 * (samples jitter by a commit or two) would otherwise raise and clear every
 * sample. 80 % leaves a band wide enough for that jitter, narrow enough that
 * a real recovery clears within a sample or two.
 */
export const LAG_CLEAR_RATIO = 0.8;
/** A slot is flagged once inactive this long (a slot is created before its consumer connects)... */
export const SLOT_GRACE_MS = 30_000;
/** ...or at once when it holds back this much WAL. */
export const SLOT_RETAINED_LIMIT_BYTES = 1024 ** 3;

export function nodeObservations(n: ClusterNode, names: Names): Observation[] {
  const name = names.node(n.id);
  const s = n.status;
  const lost = s.kind === 'down' || s.kind === 'unreachable';
  const reason = s.kind === 'up' ? '' : `: ${s.reason}`;
  return [
    {
      key: `node-down:${n.id}`,
      kind: s.kind === 'down' ? 'node-down' : 'node-unreachable',
      severity: s.kind === 'down' ? 'critical' : 'warning',
      nodeId: n.id,
      raise: lost,
      clear: !lost,
      message: `${name} is ${s.kind === 'down' ? 'down' : 'unreachable'}${reason}`,
      clearMessage: `${name} is ${s.kind === 'degraded' ? 'read again (degraded)' : 'up again'}`,
      clearsWhen: `${name} is read again`,
      runbook: s.kind === 'down' ? RUNBOOKS.nodeDown : RUNBOOKS.nodeUnreachable,
    },
    {
      key: `node-degraded:${n.id}`,
      kind: 'node-degraded',
      severity: 'warning',
      nodeId: n.id,
      raise: s.kind === 'degraded',
      clear: s.kind === 'up' || lost,
      message: `${name} is degraded${reason}`,
      clearMessage: lost ? `${name} is no longer read (see its down alarm)` : `${name} is no longer degraded`,
      clearsWhen: `${name} streams again`,
      runbook: RUNBOOKS.nodeDegraded,
    },
  ];
}

const isBroken = (l: ReplicationLink) => l.state === 'broken' || l.state === 'stopped';

export function linkObservations(l: ReplicationLink, limits: Thresholds, names: Names): Observation[] {
  const name = names.link(l.from, l.to);
  const ended = l.state === 'ended';
  const { replay } = l.lag.bytes;
  const ms = l.lag.ms.replay;
  const over = (ratio: number) => (replay ?? 0) > limits.lagThresholdBytes * ratio || (ms ?? 0) > limits.lagThresholdMs * ratio;
  const figures = `${replay === null ? '?' : formatBytes(replay)} / ${ms === null ? '?' : formatMs(ms)}`;
  const overBytes = (replay ?? 0) > limits.lagThresholdBytes;
  const overTime = (ms ?? 0) > limits.lagThresholdMs;
  const crossed = [
    overBytes ? `the byte limit of ${formatBytes(limits.lagThresholdBytes)}` : null,
    overTime ? `the time limit of ${formatMs(limits.lagThresholdMs)}` : null,
  ].filter((x): x is string => x !== null);
  return [
    {
      key: `link-broken:${l.id}`,
      kind: 'link-broken',
      severity: 'critical',
      nodeId: l.to,
      raise: isBroken(l),
      // A link that ended (neither side reports it: a role change re-pointed it) is not broken replication: the
      // alarm clears then, or the admin sees "broken" about the result of their own switchover for 10 s.
      clear: !isBroken(l),
      message: `replication ${name} is ${l.state}`,
      clearMessage: ended ? `replication ${name} ended: neither side reports it any more` : `replication ${name} is ${l.state} again`,
      clearsWhen: `${name} streams again, or the link ends (neither side reports it)`,
      runbook: RUNBOOKS.linkBroken,
    },
    {
      key: `lag-threshold:${l.id}`,
      kind: 'lag-threshold',
      severity: 'warning',
      nodeId: l.to,
      raise: !ended && over(1),
      clear: ended || !over(LAG_CLEAR_RATIO),
      message: `lag ${name} is ${figures}, over ${crossed.length ? crossed.join(' and ') : `the limit of ${formatBytes(limits.lagThresholdBytes)} / ${formatMs(limits.lagThresholdMs)}`}`,
      clearMessage: ended ? `lag ${name}: the link ended` : `lag ${name} is ${figures}, under 80 % of the limit`,
      clearsWhen: `lag under 80 % of the limit (${formatBytes(limits.lagThresholdBytes * LAG_CLEAR_RATIO)} / ${formatMs(limits.lagThresholdMs * LAG_CLEAR_RATIO)}), or the link ends`,
      runbook: RUNBOOKS.lag,
    },
  ];
}

export function slotObservation(s: ClusterSample['slots'][number], names: Names): Observation {
  const big = (s.retainedBytes ?? 0) > SLOT_RETAINED_LIMIT_BYTES;
  const retained = s.retainedBytes === null ? 'unknown WAL' : `${formatBytes(s.retainedBytes)} of WAL`;
  const where = `slot ${s.name} on ${names.node(s.nodeId)}`;
  return {
    key: `slot-inactive:${s.nodeId}/${s.name}`,
    kind: 'slot-inactive',
    severity: 'warning',
    nodeId: s.nodeId,
    raise: !s.active,
    clear: s.active,
    holdMs: big ? 0 : SLOT_GRACE_MS,
    message: `${where} is inactive and retains ${retained}`,
    clearMessage: `${where} is active again`,
    clearsWhen: 'its consumer connects, or the slot is dropped',
    runbook: RUNBOOKS.slotInactive,
  };
}

/** Writable: not in recovery, read, and not fenced. A fenced old primary is not split brain. */
export function acceptsWrites(n: ClusterNode): boolean {
  return n.role === 'primary' && n.status.kind === 'up' && !n.readOnly && !n.fenced;
}

/** "n1 and n2" for two, "n1, n2 and n3" for more. */
function listNames(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The node that should not be primary: the one on the older timeline (every
 * other writable node on a newer one), else the node that is not the target of
 * the most recent promotion, when that target is one of them; else none (the
 * admin must choose; the alarm names every writable node).
 */
export function nodeToFence(writable: readonly ClusterNode[], lastPromoted: string | null = null): { nodeId: string; why: string } | null {
  if (writable.length !== 2) return null;
  const [a, b] = writable as [ClusterNode, ClusterNode];
  if (a.timeline != null && b.timeline != null && a.timeline !== b.timeline) {
    return { nodeId: a.timeline < b.timeline ? a.id : b.id, why: 'on the older timeline' };
  }
  if (lastPromoted === a.id) return { nodeId: b.id, why: 'not the node last promoted' };
  if (lastPromoted === b.id) return { nodeId: a.id, why: 'not the node last promoted' };
  return null;
}

/** `lastPromoted`: the target of the most recent failover or switchover, where known. */
export function splitBrainObservation(sample: ClusterSample, names: Names, lastPromoted: string | null = null): Observation {
  const nodes = sample.nodes.filter(acceptsWrites);
  const writable = nodes.map((n) => names.node(n.id));
  const fence = nodeToFence(nodes, lastPromoted);
  const both = writable.length === 2 ? 'both accept' : 'all accept';
  const advice = fence
    ? `fence ${names.node(fence.nodeId)} (${fence.why})`
    : `choose which to keep and fence ${writable.length === 2 ? 'the other' : 'the others'}`;
  return {
    key: 'split-brain:cluster',
    kind: 'split-brain',
    severity: 'critical',
    nodeId: fence?.nodeId ?? null,
    raise: writable.length > 1,
    clear: writable.length <= 1,
    message: `split brain: ${listNames(writable)} ${both} writes as primary; ${advice}`,
    clearMessage: writable.length ? `only ${writable[0]} accepts writes` : 'no node accepts writes as a second primary',
    clearsWhen: 'at most one node accepts writes',
    runbook: RUNBOOKS.splitBrain,
  };
}

/** How long writes may be fenced cluster-wide before it is an alarm (a switchover's own window is ~0.3–1 s). */
export const NO_WRITER_HOLD_MS = 5_000;

/** A primary answers but refuses writes (fenced) and no other node takes them: writes are down cluster-wide. */
export function noWritablePrimaryObservation(sample: ClusterSample, names: Names): Observation {
  const fenced = sample.nodes.filter((n) => n.role === 'primary' && n.status.kind === 'up' && !acceptsWrites(n));
  const writable = sample.nodes.some(acceptsWrites);
  const list = listNames(fenced.map((n) => names.node(n.id)));
  return {
    key: 'no-writable-primary:cluster',
    kind: 'no-writable-primary',
    severity: 'critical',
    nodeId: fenced[0]?.id ?? null,
    raise: !writable && fenced.length > 0,
    // A switchover fences, then promotes within a second: only a fence that outlasts that is an alarm.
    holdMs: NO_WRITER_HOLD_MS,
    clear: writable || fenced.length === 0,
    message: `no writable primary: ${list} ${fenced.length === 1 ? 'is' : 'are'} fenced and no other node accepts writes`,
    clearMessage: writable ? `${names.node(sample.nodes.find(acceptsWrites)!.id)} accepts writes` : 'no fenced primary answers any more',
    clearsWhen: 'a node accepts writes as primary',
    runbook: RUNBOOKS.noWritablePrimary,
  };
}

/** Every observation of one sample. */
export function observe(sample: ClusterSample, kind: ClusterKind | null, limits: Thresholds, names: Names, lastPromoted: string | null = null): Observation[] {
  const out: Observation[] = [];
  for (const n of sample.nodes) out.push(...nodeObservations(n, names));
  for (const l of sample.links) out.push(...linkObservations(l, limits, names));
  for (const s of sample.slots) out.push(slotObservation(s, names));
  for (const p of sample.poolers ?? []) {
    out.push(...poolerObservations(p));
    if (kind === 'primary-replica') out.push(...misrouteObservations(p, { nodes: sample.nodes, acceptsWrites, name: (id) => names.node(id) }));
  }
  if (kind === 'primary-replica') out.push(splitBrainObservation(sample, names, lastPromoted), noWritablePrimaryObservation(sample, names));
  return out;
}
