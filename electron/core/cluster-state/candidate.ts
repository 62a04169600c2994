import type { NodeActions } from '../../../shared/model/action';
import type { ClusterNode } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import { formatBytes } from '../events/format';

/** A node the driver offers `kind` on right now (its availableActions), nothing more. */
export function offered(available: readonly NodeActions[], nodeId: string, kind: NodeActions['actions'][number]['kind']): boolean {
  return available.some((a) => a.nodeId === nodeId && a.actions.some((x) => x.kind === kind && x.available));
}

/** An LSN (`16/B374D848`) or a log index (`1234`) as a number to compare; null when neither. */
export function positionValue(text: string | null | undefined): bigint | null {
  if (!text) return null;
  const lsn = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text);
  if (lsn) return (BigInt(`0x${lsn[1]}`) << 32n) + BigInt(`0x${lsn[2]}`);
  return /^\d{1,20}$/.test(text) ? BigInt(text) : null;
}

export interface RankedCandidate {
  node: ClusterNode;
  /** Bytes (or log entries) behind the furthest position any node reported; null when unknown. */
  behind: bigint | null;
}

/**
 * The failover candidates the driver offers, best first, in the driver's own order of merit:
 * furthest position, then the smaller incoming link lag, then name. The driver's planner ranks
 * again from fresh readings when the plan is made; this only names the one to propose.
 */
export function rankFailoverCandidates(sample: ClusterSample, available: readonly NodeActions[]): RankedCandidate[] {
  const furthest = sample.nodes.reduce<bigint | null>((m, n) => {
    const p = positionValue(n.position);
    return p !== null && (m === null || p > m) ? p : m;
  }, null);
  // Lag from the (lost) primary only: a cascading standby's link from another standby says nothing
  // of what it has of the primary, and would win every tie while the direct standbys' links are broken.
  const primaries = new Set(sample.nodes.filter((n) => n.role === 'primary').map((n) => n.id));
  const linkLag = (id: string) => sample.links.find((l) => l.to === id && primaries.has(l.from))?.lag.bytes.replay ?? Number.MAX_SAFE_INTEGER;
  return sample.nodes
    .filter((n) => offered(available, n.id, 'failover'))
    .map((node) => {
      const p = positionValue(node.position);
      return { node, behind: p !== null && furthest !== null ? furthest - p : null };
    })
    .sort((a, b) => {
      if (a.behind !== null && b.behind !== null && a.behind !== b.behind) return a.behind < b.behind ? -1 : 1;
      if ((a.behind === null) !== (b.behind === null)) return a.behind === null ? 1 : -1;
      return linkLag(a.node.id) - linkLag(b.node.id) || a.node.name.localeCompare(b.node.name);
    });
}

/** "lag 0 B" for the proposal text. */
export function describeBehind(c: RankedCandidate, sample: ClusterSample): string {
  if (c.behind !== null) return `lag ${formatBehind(c.behind, c.node.position ?? '')}`;
  const replay = sample.links.find((l) => l.to === c.node.id)?.lag.bytes.replay;
  return replay === null || replay === undefined ? 'lag unknown' : `lag ${formatBytes(replay)}`;
}

function formatBehind(behind: bigint, position: string): string {
  return position.includes('/') ? formatBytes(Number(behind)) : `${behind} entries`;
}
