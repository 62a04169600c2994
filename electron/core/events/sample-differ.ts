import type { ClusterSample } from '../../../shared/model/sample';
import type { ClusterKind } from '../../../shared/model/cluster';
import type { ClusterNode, NodeStatus } from '../../../shared/model/node';
import type { ReplicationLink } from '../../../shared/model/link';
import type { DriverEvent } from '../driver';
import { assertNever } from '../../../shared/result';
import { formatBytes, formatMs } from './format';

export interface Thresholds {
  lagThresholdBytes: number;
  lagThresholdMs: number;
}

/**
 * Turns two successive samples of a cluster into events: node down/up, role
 * change, link broken/restored, lag over a threshold, slot inactive, leader
 * change and split brain. Pure: the same two samples give the same events.
 */
export function diffSamples(
  prev: ClusterSample | null,
  next: ClusterSample,
  kind: ClusterKind | null,
  limits: Thresholds,
): DriverEvent[] {
  const out: DriverEvent[] = [];
  const at = next.takenAt;
  const ev = (e: Omit<DriverEvent, 'at'>) => out.push({ at, ...e });
  const prevNodes = new Map(prev?.nodes.map((n) => [n.id, n]));
  for (const node of next.nodes) {
    const before = prevNodes.get(node.id);
    if (before && before.status.kind !== node.status.kind) statusChange(before, node, ev);
    else if (!before && prev && node.status.kind !== 'up') statusChange(null, node, ev);
    if (before && before.role !== node.role && node.role !== 'unknown' && before.role !== 'unknown') {
      ev({ kind: 'role-change', severity: 'warning', nodeId: node.id, message: `${node.name} changed role: ${before.role} → ${node.role}` });
    }
  }
  const prevLinks = new Map(prev?.links.map((l) => [l.id, l]));
  for (const link of next.links) linkChanges(prevLinks.get(link.id) ?? null, link, limits, ev);
  const prevSlots = new Map(prev?.slots.map((s) => [`${s.nodeId}/${s.name}`, s]));
  for (const slot of next.slots) {
    const before = prevSlots.get(`${slot.nodeId}/${slot.name}`);
    if (!slot.active && (!before || before.active)) {
      const retained = slot.retainedBytes === null ? 'unknown WAL' : `${formatBytes(slot.retainedBytes)} of WAL`;
      ev({ kind: 'slot-inactive', severity: 'warning', nodeId: slot.nodeId, message: `slot ${slot.name} is inactive and retains ${retained}` });
    } else if (slot.active && before && !before.active) {
      ev({ kind: 'slot-active', severity: 'info', nodeId: slot.nodeId, message: `slot ${slot.name} is active again` });
    }
  }
  const leader = next.consensus?.leaderId ?? null;
  if (prev && next.consensus && leader && leader !== (prev.consensus?.leaderId ?? null)) {
    ev({ kind: 'leader-change', severity: 'warning', nodeId: leader, message: `new leader ${leader} in term ${next.consensus.term}` });
  }
  if (kind === 'primary-replica') splitBrain(prev, next, ev);
  return out;
}

type Emit = (e: Omit<DriverEvent, 'at'>) => void;

function statusChange(before: ClusterNode | null, node: ClusterNode, ev: Emit): void {
  const s: NodeStatus = node.status;
  switch (s.kind) {
    case 'up':
      ev({ kind: 'node-up', severity: 'info', nodeId: node.id, message: `${node.name} is up` });
      return;
    case 'degraded':
      ev({ kind: 'node-up', severity: 'warning', nodeId: node.id, message: `${node.name} is degraded: ${s.reason}` });
      return;
    case 'down':
      ev({ kind: 'node-down', severity: 'critical', nodeId: node.id, message: `${node.name} is down: ${s.reason}` });
      return;
    case 'unreachable':
      if (before?.status.kind === 'down') return;
      ev({ kind: 'node-unreachable', severity: 'warning', nodeId: node.id, message: `${node.name} is unreachable: ${s.reason}` });
      return;
    default:
      assertNever(s, 'node status');
  }
}

function linkChanges(before: ReplicationLink | null, link: ReplicationLink, limits: Thresholds, ev: Emit): void {
  const broken = (l: ReplicationLink | null) => l !== null && (l.state === 'broken' || l.state === 'stopped');
  if (broken(link) && before && !broken(before)) {
    ev({ kind: 'link-broken', severity: 'critical', nodeId: link.to, message: `replication ${link.from} → ${link.to} is ${link.state}` });
  } else if (!broken(link) && broken(before)) {
    ev({ kind: 'link-restored', severity: 'info', nodeId: link.to, message: `replication ${link.from} → ${link.to} is ${link.state} again` });
  }
  const over = (l: ReplicationLink | null) =>
    l !== null && ((l.lag.bytes.replay ?? 0) > limits.lagThresholdBytes || (l.lag.ms.replay ?? 0) > limits.lagThresholdMs);
  if (over(link) && !over(before)) {
    const { replay } = link.lag.bytes;
    const ms = link.lag.ms.replay;
    ev({
      kind: 'lag-threshold',
      severity: 'warning',
      nodeId: link.to,
      message: `lag ${link.from} → ${link.to} is ${replay === null ? '?' : formatBytes(replay)} / ${ms === null ? '?' : formatMs(ms)}, over the limit of ${formatBytes(limits.lagThresholdBytes)} / ${formatMs(limits.lagThresholdMs)}`,
    });
  } else if (!over(link) && over(before)) {
    ev({ kind: 'lag-recovered', severity: 'info', nodeId: link.to, message: `lag ${link.from} → ${link.to} is back under the limit` });
  }
}

function splitBrain(prev: ClusterSample | null, next: ClusterSample, ev: Emit): void {
  const writable = (s: ClusterSample | null) =>
    (s?.nodes ?? []).filter((n) => n.role === 'primary' && n.status.kind === 'up' && !n.readOnly).map((n) => n.id);
  const now = writable(next);
  if (now.length > 1 && writable(prev).length <= 1) {
    ev({ kind: 'split-brain', severity: 'critical', nodeId: now[0] ?? null, message: `split brain: ${now.join(' and ')} all accept writes as primary; fence all but one` });
  }
}
