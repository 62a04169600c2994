import { linkId, type LinkState, type ReplicationLink } from '../../../../shared/model/link';
import type { ClusterSample } from '../../../../shared/model/sample';
import { nodeIdOf as idOf } from '../conn-string';
import { lsnDistance } from '../lsn';
import type { PglNodeTopology, PglSubscription } from './topology';

/** pglogical's subscription status → a link state. */
export function linkState(status: string): LinkState {
  if (status === 'replicating') return 'streaming';
  if (status === 'disabled') return 'stopped';
  if (status === 'initializing' || status === 'synchronizing') return 'catchup';
  return 'broken';
}

function describe(sub: PglSubscription): string {
  return `${sub.name} [${sub.replicationSets.join(', ')}] forward_origins={${sub.forwardOrigins.join(',')}}`;
}

/**
 * Turns a sample of independent primaries into the pglogical mesh they are:
 * every pglogical node a peer (several writable nodes are the design, not a
 * split brain), one link per subscription from its provider, with the lag the
 * provider's slot shows (sent and confirmed flush against the provider's
 * current WAL position, and the walsender's lag times). Subscriptions that are
 * down or not replicating become warnings. Pure.
 */
export function applyPglTopology(sample: ClusterSample, tops: ReadonlyMap<string, PglNodeTopology>, nodeIdOf: (pglName: string) => string | null, now: number): ClusterSample {
  if (tops.size === 0) return sample;
  const nodes = sample.nodes.map((n) => (tops.has(n.id) ? { ...n, role: 'peer' as const } : n));
  const writable = sample.nodes.filter((n) => n.role === 'primary' && !n.readOnly);
  const allPgl = writable.every((n) => tops.has(n.id));
  const warnings = sample.warnings.filter((w) => !(allPgl && w.startsWith('split brain:')));
  const links: ReplicationLink[] = [...sample.links];
  // A provider whose own catalog could not be read is still found by its interface in a catalog that was.
  const onGraph = new Set(sample.nodes.map((n) => n.id));
  const byInterface = new Map<string, string>();
  for (const t of tops.values()) for (const n of t.nodes) if (n.host && n.port && onGraph.has(idOf(n.host, n.port))) byInterface.set(n.name, idOf(n.host, n.port));
  for (const [subscriberId, top] of tops) {
    const name = top.localNode ?? subscriberId;
    for (const sub of top.subscriptions) {
      const providerId = nodeIdOf(sub.providerNode) ?? byInterface.get(sub.providerNode) ?? null;
      if (sub.status !== 'replicating') warnings.push(`pglogical subscription ${sub.name} on ${name} (from ${sub.providerNode}) is ${sub.status}`);
      if (sub.forwardOrigins.includes('all') && top.subscriptions.length > 1) {
        warnings.push(`pglogical subscription ${sub.name} on ${name} forwards changes of every origin (forward_origins = {all}): in a mesh, a change can come back to where it was made; use forward_origins := '{}'`);
      }
      if (!providerId) {
        warnings.push(`pglogical subscription ${sub.name} on ${name}: provider ${sub.providerNode} is not one of the nodes ReplicaDesk reads; add it as a seed`);
        continue;
      }
      const slot = tops.get(providerId)?.slots.find((s) => s.slotName === sub.slotName) ?? null;
      const sent = slot ? lsnDistance(slot.currentLsn, slot.sentLsn) : null;
      const flush = slot ? lsnDistance(slot.currentLsn, slot.confirmedFlushLsn) : null;
      const caughtUp = flush === 0;
      links.push({
        id: linkId(providerId, subscriberId),
        from: providerId,
        to: subscriberId,
        state: linkState(sub.status),
        sync: 'async',
        lag: {
          bytes: { sent, write: null, flush, replay: flush },
          ms: {
            write: slot?.writeLagMs ?? (caughtUp ? 0 : null),
            flush: slot?.flushLagMs ?? (caughtUp ? 0 : null),
            replay: slot?.replayLagMs ?? (caughtUp ? 0 : null),
          },
          measuredAt: now,
          source: slot ? `pglogical: slot ${slot.slotName} on the provider (sent, confirmed flush; pg_stat_replication lag times)` : `pglogical: the provider's slot ${sub.slotName} could not be read`,
        },
        label: describe(sub),
      });
    }
  }
  return { ...sample, nodes, links, warnings };
}
