import { create } from 'zustand';
import type { ClusterNode } from '../../../shared/model/node';
import type { ReplicationLink } from '../../../shared/model/link';
import type { ReplicationSlot } from '../../../shared/model/slot';
import type { ConsensusState } from '../../../shared/model/consensus';
import type { ClusterSample } from '../../../shared/model/sample';
import type { Alarm } from '../../../shared/model/event';
import type { PoolerReading } from '../../../shared/model/pooler';
import { emptyNormalized, reconcile, type Normalized } from '../../lib/normalized';
import { keepIfSame, withoutKeys } from '../../lib/same';
import { NO_POOLERS, poolerRoutesOf, samePoolerRoutes, type PoolerRoutes } from './pooler-routes';

/** The newest sample of one cluster, normalised for small selectors. */
export interface ClusterTopology {
  readonly clusterId: string;
  readonly takenAt: number;
  readonly durationMs: number;
  readonly queriesPerNode: number;
  readonly warnings: readonly string[];
  readonly nodes: Normalized<ClusterNode>;
  readonly links: Normalized<ReplicationLink>;
  readonly slots: readonly ReplicationSlot[];
  readonly consensus: ConsensusState | null;
  /** Alarms open after this sample (oldest first). */
  readonly alarms: readonly Alarm[];
  /** PgBouncer poolers in front of the cluster (PostgreSQL with poolers in its spec). */
  readonly poolers: Normalized<PoolerReading>;
  /** Same object until the set of nodes or links changes: the graph is laid out again only then. */
  readonly structure: GraphStructure;
  /** Set while the timeline shows the cluster as it was at this moment (not live): nothing live may mix in. */
  readonly pastAt?: number;
}

/** The moment the cluster is shown as it was, or null while live. */
export function selectPastAt(s: TopologyState, clusterId: string): number | null {
  return s.byCluster[clusterId]?.pastAt ?? null;
}

export interface GraphStructure {
  readonly key: string;
  readonly nodeIds: readonly string[];
  readonly links: readonly { id: string; from: string; to: string }[];
  /** Each pooler and the nodes its databases route to (pooler-routes.ts): a new route lays the graph out again. */
  readonly poolers: readonly PoolerRoutes[];
}

export interface TopologyState {
  byCluster: Readonly<Record<string, ClusterTopology>>;
}

export const useTopology = create<TopologyState>(() => ({ byCluster: {} }));

export function structureOf(nodes: Normalized<ClusterNode>, links: Normalized<ReplicationLink>, poolers: readonly PoolerRoutes[] = NO_POOLERS): GraphStructure {
  const key = `${[...nodes.ids].sort().join('\n')}\n|\n${[...links.ids].sort().join('\n')}`;
  const linkEnds = links.ids.map((id) => {
    const l = links.byId[id] as ReplicationLink;
    return { id, from: l.from, to: l.to };
  });
  return { key, nodeIds: nodes.ids, links: linkEnds, poolers };
}

function keepStructure(prev: ClusterTopology | undefined, nodes: Normalized<ClusterNode>, links: Normalized<ReplicationLink>, poolers: Normalized<PoolerReading>) {
  const routes = prev && prev.poolers === poolers ? prev.structure.poolers : poolerRoutesOf(poolers);
  const sameRoutes = prev !== undefined && samePoolerRoutes(prev.structure.poolers, routes);
  if (prev && sameRoutes && prev.nodes.ids === nodes.ids && prev.links.ids === links.ids && (prev.links === links || sameLinkEnds(prev.structure, links))) {
    return prev.structure;
  }
  const next = structureOf(nodes, links, sameRoutes ? prev.structure.poolers : routes);
  return prev && sameRoutes && prev.structure.key === next.key && sameEnds(prev.structure, next) ? prev.structure : next;
}

/** The usual sample: same ids in the same order, only figures changed. No sorting or string building. */
function sameLinkEnds(structure: GraphStructure, links: Normalized<ReplicationLink>): boolean {
  if (structure.links.length !== links.ids.length) return false;
  return structure.links.every((end, i) => {
    const l = links.byId[links.ids[i] as string];
    return l !== undefined && end.id === l.id && end.from === l.from && end.to === l.to;
  });
}

function sameEnds(a: GraphStructure, b: GraphStructure): boolean {
  const ends = new Map(a.links.map((l) => [l.id, `${l.from}\n${l.to}`]));
  return b.links.every((l) => ends.get(l.id) === `${l.from}\n${l.to}`);
}

/** Folds a sample into the previous topology, keeping every unchanged part's identity. */
export function foldSample(prev: ClusterTopology | undefined, sample: ClusterSample): ClusterTopology {
  if (prev && sample.takenAt < prev.takenAt) return prev; // an older reading arriving late
  const nodes = reconcile<ClusterNode>(prev?.nodes ?? emptyNormalized(), sample.nodes, (n) => n.id);
  const links = reconcile<ReplicationLink>(prev?.links ?? emptyNormalized(), sample.links, (l) => l.id);
  const slots = keepIfSame(prev?.slots, sample.slots);
  const consensus = keepIfSame(prev?.consensus ?? undefined, sample.consensus ?? undefined) ?? null;
  const warnings = keepIfSame(prev?.warnings, sample.warnings);
  const alarms = keepIfSame(prev?.alarms, sample.alarms ?? []);
  const poolers = reconcile<PoolerReading>(prev?.poolers ?? emptyNormalized(), sample.poolers ?? [], (p) => p.id);
  const structure = keepStructure(prev, nodes, links, poolers);
  if (
    prev &&
    prev.takenAt === sample.takenAt &&
    prev.durationMs === sample.durationMs &&
    prev.queriesPerNode === sample.queriesPerNode &&
    prev.nodes === nodes &&
    prev.links === links &&
    prev.slots === slots &&
    prev.consensus === consensus &&
    prev.warnings === warnings &&
    prev.alarms === alarms &&
    prev.poolers === poolers
  ) {
    return prev;
  }
  return {
    clusterId: sample.clusterId,
    takenAt: sample.takenAt,
    durationMs: sample.durationMs,
    queriesPerNode: sample.queriesPerNode,
    warnings,
    nodes,
    links,
    slots,
    consensus,
    alarms,
    poolers,
    structure,
  };
}

/** While the timeline shows a past moment of a cluster, it takes that cluster's live samples aside (features/timeline). */
let hold: ((sample: ClusterSample) => boolean) | null = null;
export function setSampleHold(fn: ((sample: ClusterSample) => boolean) | null): void {
  hold = fn;
}

export function applySamples(samples: readonly ClusterSample[]): void {
  useTopology.setState((s) => {
    let byCluster: Record<string, ClusterTopology> | null = null;
    for (const sample of samples) {
      if (hold?.(sample)) continue;
      const prev = (byCluster ?? s.byCluster)[sample.clusterId];
      const next = foldSample(prev, sample);
      if (next === prev) continue;
      byCluster ??= { ...s.byCluster };
      byCluster[sample.clusterId] = next;
    }
    return byCluster ? { byCluster } : s;
  }, true);
}

export function removeTopologies(clusterIds: readonly string[]): void {
  useTopology.setState((s) => {
    const byCluster = withoutKeys(s.byCluster, clusterIds);
    return byCluster === s.byCluster ? s : { byCluster };
  }, true);
}
