import { Gauge, Registry } from 'prom-client';
import { HeadlineStateSchema, type ClusterHeadline } from '../../../../shared/model/cluster-state';
import type { ClusterSample } from '../../../../shared/model/sample';

/** What the exporter reads at each scrape: the newest state of every watched cluster. */
export interface ClusterReading {
  name: string;
  sample: ClusterSample | null;
  headline: ClusterHeadline | null;
  conflictsOpen: number;
  /** Age of the oldest in-doubt (prepared) transaction, or null when none / not read. */
  oldestInDoubtSeconds: number | null;
}

const ROLES = ['primary', 'replica', 'cascading-replica', 'peer', 'leader', 'follower', 'candidate', 'unknown'] as const;

/**
 * The Prometheus metrics (docs/metrics.md), in a registry of their own, filled
 * at scrape time from the newest samples: a node or link that is gone has no
 * series (nothing stale lingers between samples).
 */
export function createExporter(read: () => ClusterReading[]): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, c: ClusterReading) => void) =>
    new Gauge({
      name, help, labelNames, registers: [registry],
      collect() {
        this.reset();
        for (const c of read()) fill(this, c);
      },
    });
  gauge('replicadesk_link_lag_bytes', 'Replication lag of a link in bytes (kind: sent, write, flush, replay).', ['cluster', 'from', 'to', 'kind'], (g, c) => {
    const names = nodeNames(c.sample);
    for (const l of c.sample?.links ?? []) {
      if (l.state === 'ended') continue;
      for (const [kind, v] of Object.entries(l.lag.bytes)) if (v !== null) g.set({ cluster: c.name, from: names(l.from), to: names(l.to), kind }, v);
    }
  });
  gauge('replicadesk_link_lag_seconds', 'Replication lag of a link in seconds (kind: write, flush, replay); 0 once everything received is replayed.', ['cluster', 'from', 'to', 'kind'], (g, c) => {
    const names = nodeNames(c.sample);
    for (const l of c.sample?.links ?? []) {
      if (l.state === 'ended') continue;
      for (const [kind, v] of Object.entries(l.lag.ms)) if (v !== null) g.set({ cluster: c.name, from: names(l.from), to: names(l.to), kind }, v / 1000);
    }
  });
  gauge('replicadesk_node_up', '1 when ReplicaDesk read the node in its last sample (up or degraded), else 0.', ['cluster', 'node'], (g, c) => {
    for (const n of c.sample?.nodes ?? []) g.set({ cluster: c.name, node: n.name || n.id }, n.status.kind === 'up' || n.status.kind === 'degraded' ? 1 : 0);
  });
  gauge('replicadesk_node_role', '1 for the role the node has now, 0 for the others.', ['cluster', 'node', 'role'], (g, c) => {
    for (const n of c.sample?.nodes ?? []) for (const role of ROLES) g.set({ cluster: c.name, node: n.name || n.id, role }, n.role === role ? 1 : 0);
  });
  gauge('replicadesk_cluster_state', "1 for the cluster's headline state now, 0 for the others.", ['cluster', 'state'], (g, c) => {
    if (!c.headline) return;
    for (const state of HeadlineStateSchema.options) g.set({ cluster: c.name, state }, c.headline.state === state ? 1 : 0);
  });
  gauge('replicadesk_slot_retained_bytes', 'WAL a replication slot keeps the server from removing.', ['cluster', 'node', 'slot', 'slot_type', 'active'], (g, c) => {
    const names = nodeNames(c.sample);
    for (const s of c.sample?.slots ?? []) if (s.retainedBytes !== null) g.set({ cluster: c.name, node: names(s.nodeId), slot: s.name, slot_type: s.kind, active: String(s.active) }, s.retainedBytes);
  });
  gauge('replicadesk_conflicts_open', 'Replication conflicts detected and not yet resolved.', ['cluster'], (g, c) => {
    g.set({ cluster: c.name }, c.conflictsOpen);
  });
  gauge('replicadesk_consensus_term', 'Raft term of a consensus group (a new election raises it).', ['cluster'], (g, c) => {
    const term = c.sample?.consensus?.term;
    if (term !== undefined && /^\d+$/.test(term)) g.set({ cluster: c.name }, Number(term));
  });
  gauge('replicadesk_in_doubt_oldest_seconds', 'Age of the oldest in-doubt (prepared) transaction; 0 when there is none.', ['cluster'], (g, c) => {
    if (c.oldestInDoubtSeconds !== null) g.set({ cluster: c.name }, c.oldestInDoubtSeconds);
  });
  return registry;
}

function nodeNames(sample: ClusterSample | null): (id: string) => string {
  const byId = new Map((sample?.nodes ?? []).map((n) => [n.id, n.name || n.id]));
  return (id) => byId.get(id) ?? id;
}
