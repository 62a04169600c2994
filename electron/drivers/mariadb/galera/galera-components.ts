import type { GaleraCluster } from '../../../../shared/engines/galera';
import { parseServerAddress } from '../server-address';
import type { GaleraReading } from './galera-reading';

/** One Galera node in one sample: this round's reading (null when it could not be read) and the last one seen. */
export interface GaleraMember {
  id: string;
  /** wsrep_node_name, else the id, for messages. */
  name: string;
  now: GaleraReading | null;
  last: GaleraReading | null;
}

/** The node ids a reading's wsrep_incoming_addresses stand for (aliases resolved), itself included. */
export function memberIds(selfId: string, g: GaleraReading, canonical: (id: string) => string): string[] {
  const ids = new Set<string>([selfId]);
  for (const a of g.incomingAddresses) {
    const parsed = parseServerAddress(a);
    if (parsed.ok) ids.add(canonical(parsed.value.id));
  }
  return [...ids].sort();
}

/**
 * The components the nodes read this round report. There is at most one Primary component (quorum), so
 * every Primary node's member list is merged into it (a node that joined a moment ago may be listed by
 * some members and not yet by others); each distinct non-Primary membership is a component of its own.
 */
export function componentsOf(members: readonly GaleraMember[], canonical: (id: string) => string): GaleraCluster['components'] {
  const primary = new Set<string>();
  const cut = new Map<string, string[]>();
  for (const m of members) {
    if (!m.now) continue;
    const nodeIds = memberIds(m.id, m.now, canonical);
    if (m.now.clusterStatus === 'Primary') nodeIds.forEach((id) => primary.add(id));
    else cut.set(nodeIds.join(','), nodeIds);
  }
  const out = primary.size > 0 ? [{ nodeIds: [...primary].sort(), primary: true }] : [];
  return [...out, ...[...cut.values()].sort((a, b) => a[0]!.localeCompare(b[0]!)).map((nodeIds) => ({ nodeIds, primary: false }))];
}

/** Exact commands, for the advice and the README. */
export const BOOTSTRAP_LIVE_SQL = "SET GLOBAL wsrep_provider_options='pc.bootstrap=YES'";
export const AFTER_FULL_STOP =
  "after a full stop, read safe_to_bootstrap and seqno in grastate.dat in each node's datadir (seqno -1: run `mariadbd --wsrep-recover` and read the recovered position in the error log); " +
  'start the node with safe_to_bootstrap: 1 (or, if none has it, the highest seqno, after setting safe_to_bootstrap: 1 there) with `galera_new_cluster`, then start the others normally';

/**
 * Which node to bootstrap from when there is no Primary component: among the nodes that answer (all
 * non-Primary), the highest wsrep_last_committed; when none answers, the highest one last seen (a hint:
 * grastate.dat on the hosts decides). Null while some node is Primary.
 */
export function bootstrapAdvice(members: readonly GaleraMember[]): GaleraCluster['bootstrap'] {
  const answering = members.filter((m) => m.now !== null);
  if (members.length === 0 || answering.some((m) => m.now!.clusterStatus === 'Primary')) return null;
  if (answering.length > 0) {
    const best = highest(answering, (m) => m.now!.lastCommitted);
    const seqno = best.now!.lastCommitted;
    const ahead = members.filter((m) => !m.now && (m.last?.lastCommitted ?? -1) > (seqno ?? -1));
    const caveat = ahead.map((m) => `${m.name} does not answer and had ${m.last!.lastCommitted} when last read: if it still runs, it may be further ahead; check it first. `).join('');
    return {
      nodeId: best.id,
      seqno,
      reason:
        `no Primary component: every node that answers (${answering.map((m) => m.name).join(', ')}) is non-Primary. ` +
        `${best.name} has the highest wsrep_last_committed (${seqno ?? 'unknown'}): once the other nodes are known stopped or cut off, run ${BOOTSTRAP_LIVE_SQL} on it alone; the others rejoin it. ` +
        caveat +
        `If every node is stopped instead: ${AFTER_FULL_STOP}`,
    };
  }
  const seen = members.filter((m) => m.last !== null);
  if (seen.length === 0) return null;
  const best = highest(seen, (m) => m.last!.lastCommitted);
  const seqno = best.last!.lastCommitted;
  return {
    nodeId: best.id,
    seqno,
    reason: `no Galera node answers. ${best.name} had the highest wsrep_last_committed when last read (${seqno ?? 'unknown'}), but only the hosts know: ${AFTER_FULL_STOP}`,
  };
}

function highest(ms: readonly GaleraMember[], seqno: (m: GaleraMember) => number | null): GaleraMember {
  return ms.reduce((a, b) => ((seqno(b) ?? -1) > (seqno(a) ?? -1) ? b : a));
}

/** Sample warnings: a split, a Primary component missing known nodes, no Primary at all. */
export function componentWarnings(members: readonly GaleraMember[], components: GaleraCluster['components']): string[] {
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const names = (ids: readonly string[]) => ids.map(name).join(', ');
  const primary = components.find((c) => c.primary);
  const cut = components.filter((c) => !c.primary);
  const out: string[] = [];
  if (primary && cut.length > 0) {
    out.push(`Galera partition: ${cut.map((c) => names(c.nodeIds)).join(' / ')} lost quorum (non-Primary, refusing queries); the Primary component is ${names(primary.nodeIds)}`);
  } else if (!primary && cut.length > 0) {
    out.push(`Galera: no Primary component: ${cut.map((c) => names(c.nodeIds)).join(' / ')} lost quorum and refuse queries; see the bootstrap advice`);
  }
  if (primary) {
    const missing = members.filter((m) => !primary.nodeIds.includes(m.id) && !cut.some((c) => c.nodeIds.includes(m.id))).map((m) => m.id);
    if (missing.length > 0) out.push(`Galera: the Primary component has ${primary.nodeIds.length} of ${members.length} known nodes; not in any component read: ${names(missing)}`);
  }
  return out;
}
