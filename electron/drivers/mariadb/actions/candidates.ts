import { gtidDistance, laterPerDomain, type Gtid } from '../gtid';
import { appliedPosition } from '../link-view';
import type { ClusterView } from './cluster-view';

/**
 * What a replica has: applied (slave_pos, own binlog) and, unless `appliedOnly`, what its IO
 * thread received from `source` (a failover applies that before promoting).
 */
export function heldPosition(c: ClusterView, id: string, source: string, appliedOnly = false): Gtid[] {
  const r = c.known(id);
  if (!r) return [];
  const ch = appliedOnly ? null : c.channelFrom(id, source);
  return laterPerDomain(appliedPosition(r), ch?.gtidIoPos ?? []);
}

/**
 * The furthest position of `source` known, per domain of its last reading: its
 * @@gtid_binlog_pos then, or what one of its replicas received since (a dead
 * primary may have been read last before it wrote more: measured after a switchover).
 */
export function lastKnownPosition(c: ClusterView, source: string, appliedOnly = false): Gtid[] {
  const s = c.known(source);
  if (!s) return [];
  const domains = new Set(s.gtidBinlogPos.map((g) => g.domain));
  let pos = s.gtidBinlogPos;
  for (const r of c.replicasOf(source)) pos = laterPerDomain(pos, heldPosition(c, r, source, appliedOnly).filter((g) => domains.has(g.domain)));
  return pos;
}

/** Transactions of `source`'s last known position that `id` does not hold. */
export function missingFrom(c: ClusterView, id: string, source: string, appliedOnly = false): number | null {
  return c.known(source) ? gtidDistance(lastKnownPosition(c, source, appliedOnly), heldPosition(c, id, source, appliedOnly)).total : null;
}

/**
 * Direct replicas of `primary` (one channel, from it), best first: fewest
 * transactions missing (a switchover counts what was applied; a failover also
 * what the IO thread received, applied before promoting), then answering now, then the id.
 */
export function rankCandidates(c: ClusterView, primary: string, kind: 'switchover' | 'failover'): string[] {
  const ids = c.replicasOf(primary).filter((id) => c.sourcesOf(id).length === 1);
  const score = (id: string) => missingFrom(c, id, primary, kind === 'switchover') ?? Number.MAX_SAFE_INTEGER;
  return ids.sort((a, b) => score(a) - score(b) || Number(c.now(b) !== null) - Number(c.now(a) !== null) || a.localeCompare(b));
}

/** The primary a switchover or failover acts on, when the request says 'auto': the one with replicas that answers (switchover) or does not (failover). */
export function primaryFor(c: ClusterView, kind: 'switchover' | 'failover'): string | null {
  const primaries = c.ids.filter((id) => c.graph.roleOf(id) === 'primary' && !c.graph.inCycle(id) && c.replicasOf(id).length > 0);
  const fit = primaries.filter((id) => (kind === 'switchover' ? c.now(id) !== null : c.now(id) === null));
  return fit.length === 1 ? fit[0]! : null;
}
