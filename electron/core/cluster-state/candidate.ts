import type { NodeActions } from '../../../shared/model/action';
import type { ClusterNode } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import { formatBytes } from '../events/format';
import { furthestSeqs, gtidBehind, gtidSeqs, positionValue } from './position';

export { positionValue } from './position';

/** A node the driver offers `kind` on right now (its availableActions), nothing more. */
export function offered(available: readonly NodeActions[], nodeId: string, kind: NodeActions['actions'][number]['kind']): boolean {
  return available.some((a) => a.nodeId === nodeId && a.actions.some((x) => x.kind === kind && x.available));
}

/** The driver's by-hand advice for `kind` on a node it does not offer it on (its availableActions), if any. */
export function byHandAdvice(available: readonly NodeActions[], nodeId: string, kind: NodeActions['actions'][number]['kind']): string | null {
  const a = available.find((x) => x.nodeId === nodeId)?.actions.find((x) => x.kind === kind && !x.available);
  return a?.byHand ?? null;
}

/**
 * What `behind` counts: transactions its link reports missing from the primary (GTID distance, read this
 * round), transactions behind the furthest GTID position any node reported, bytes behind the furthest LSN,
 * log entries behind the furthest index; null when nothing could be compared.
 */
export type RankedBy = 'link-transactions' | 'gtid' | 'lsn' | 'index' | null;

export interface RankedCandidate {
  node: ClusterNode;
  /** How far behind, in the unit `by` names; null when unknown. */
  behind: bigint | null;
  by: RankedBy;
}

/**
 * The failover candidates the driver offers, best first, by what each has: fewest transactions behind when
 * every candidate's link knows its GTID distance, else the furthest position (LSN, log index, GTID list);
 * then a direct replica before a cascading one, then name. Never by bytes lag: with the primary gone its
 * figures are unknown or stale (0 B while an IO thread is stopped). The driver's planner ranks again from
 * fresh readings when the plan is made; this only names the one to propose.
 */
export function rankFailoverCandidates(sample: ClusterSample, available: readonly NodeActions[]): RankedCandidate[] {
  const candidates = sample.nodes.filter((n) => offered(available, n.id, 'failover'));
  const measure = byLinkTransactions(sample, candidates) ?? byPosition(sample);
  // On equal standing a direct replica beats a cascading one (it has no upstream of its own to lose); then the
  // name. Not the link bytes/time lag: with the primary gone it flickers, and the proposal must not flip between samples.
  const depth = (n: ClusterNode) => (n.role === 'cascading-replica' ? 1 : 0);
  return candidates
    .map((node) => measure(node))
    .sort((a, b) => {
      if (a.behind !== null && b.behind !== null && a.behind !== b.behind) return a.behind < b.behind ? -1 : 1;
      if ((a.behind === null) !== (b.behind === null)) return a.behind === null ? 1 : -1;
      return depth(a.node) - depth(b.node) || a.node.name.localeCompare(b.node.name);
    });
}

type Measure = (node: ClusterNode) => RankedCandidate;

/** Each candidate's one link's `lag.transactions`, when every candidate has one (else null: mixing would compare unlike figures). */
function byLinkTransactions(sample: ClusterSample, candidates: readonly ClusterNode[]): Measure | null {
  const behind = new Map<string, bigint>();
  for (const n of candidates) {
    const links = sample.links.filter((l) => l.to === n.id && l.state !== 'ended');
    const t = links.length === 1 ? links[0]!.lag.transactions : null;
    if (!t) return null;
    behind.set(n.id, BigInt(t.behind));
  }
  return candidates.length > 0 ? (node) => ({ node, behind: behind.get(node.id) ?? null, by: 'link-transactions' }) : null;
}

/** Distance from the furthest position any node reported (the dead primary's last one included, when the sample has it). */
function byPosition(sample: ClusterSample): Measure {
  const scalar = sample.nodes.map((n) => positionValue(n.position)).filter((p): p is bigint => p !== null);
  const furthest = scalar.length > 0 ? scalar.reduce((m, p) => (p > m ? p : m)) : null;
  const gtidFurthest = furthestSeqs(sample.nodes.map((n) => gtidSeqs(n.position)).filter((g): g is Map<string, bigint> => g !== null));
  return (node) => {
    const p = positionValue(node.position);
    if (p !== null && furthest !== null) return { node, behind: furthest - p, by: node.position!.includes('/') ? 'lsn' : 'index' };
    const g = gtidSeqs(node.position);
    if (g) return { node, behind: gtidBehind(gtidFurthest, g), by: 'gtid' };
    return { node, behind: null, by: null };
  };
}

/** Why this candidate was ranked first, in the unit it was ranked by (never a lag figure that was not compared). */
export function describeBehind(c: RankedCandidate): string {
  const n = c.behind;
  if (n === null) return 'no position to compare (first by name)';
  const tx = (k: bigint) => `${k} transaction${k === 1n ? '' : 's'}`;
  switch (c.by) {
    case 'link-transactions':
      return `${tx(n)} behind the primary (GTID distance)`;
    case 'gtid':
      return `${tx(n)} behind the furthest GTID position reported`;
    case 'lsn':
      return `lag ${formatBytes(Number(n))}`;
    case 'index':
      return `lag ${n} entries`;
    default:
      return 'no position to compare (first by name)';
  }
}
