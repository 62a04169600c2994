import type { ClusterKind } from '../../../shared/model/cluster';
import type { ReplicationLink } from '../../../shared/model/link';
import type { ClusterSample } from '../../../shared/model/sample';
import { downstreamsOf } from './discovery';
import { engineDetailOf, type NodeFindings } from './engine-detail';
import { errantGtids, errantWarning } from './errant-gtid';
import { heartbeatLag, type HeartbeatLag } from './heartbeat-lag';
import type { GaleraRates } from './galera/galera-rates';
import { galeraSampleOf } from './galera/galera-sample';
import type { GaleraLoggedConflict } from '../../../shared/engines/galera-conflict';
import { markFencedOldPrimaries } from './fenced-primary';
import { linkOf } from './link-view';
import { displayName, nodeOf, nodeStatus } from './node-view';
import { TopologyGraph } from './topology-graph';
import { currentReading, knownReading, type ServerView } from './view';
import type { ReplicaChannel } from './wire';

export interface SampleInput {
  clusterId: string;
  takenAt: number;
  durationMs: number;
  views: readonly ServerView[];
  /** Other addresses of a node (address id → node id), from the crawl. */
  aliases?: ReadonlyMap<string, string>;
  queriesPerNode: number;
  warnings: readonly string[];
  /** The spec's heartbeat table (`db.table`) when the heartbeat is on. */
  heartbeatTable?: string | null;
  /** Galera nodes' rates since their previous reading (by node id). */
  galeraRates?: ReadonlyMap<string, GaleraRates>;
  /** The conflicts a node's agent read from its error log (galera/galera-log-agents.ts). */
  galeraConflicts?: (nodeId: string) => GaleraLoggedConflict[] | undefined;
}

/** The node id a channel's source address stands for. */
const canonical = (aliases: ReadonlyMap<string, string> | undefined, id: string) => aliases?.get(id) ?? id;

export function graphOf(views: readonly ServerView[], aliases?: ReadonlyMap<string, string>): TopologyGraph {
  const upstreams = new Map<string, string[]>();
  const unread = new Set<string>();
  for (const v of views) {
    const r = knownReading(v);
    if (r) upstreams.set(v.address.id, r.channels.map((c) => canonical(aliases, c.source.id)));
    else unread.add(v.address.id);
  }
  return new TopologyGraph(upstreams, unread);
}

export function clusterKind(views: readonly ServerView[], aliases?: ReadonlyMap<string, string>): ClusterKind {
  // Galera: every node takes writes (synchronous multi-master).
  if (views.some((v) => knownReading(v)?.galera)) return 'multi-primary';
  return graphOf(views, aliases).hasCycle(views.map((v) => v.address.id)) ? 'multi-primary' : 'primary-replica';
}

/** Turns one round of server readings into the model. Pure: unit-tested without MariaDB. */
export function buildSample(input: SampleInput): ClusterSample {
  const { views, aliases } = input;
  const graph = graphOf(views, aliases);
  const byId = new Map(views.map((v) => [v.address.id, v]));
  const galera = galeraSampleOf(views, input.galeraRates ?? new Map(), (id) => canonical(aliases, id), input.galeraConflicts);
  const warnings = [...input.warnings, ...galera.warnings];
  const links: ReplicationLink[] = [];
  const feeding = new Map<string, ReplicaChannel[]>();
  const hbTable = input.heartbeatTable ?? null;
  const hbLags = new Map<string, HeartbeatLag[]>();
  for (const v of views) {
    const r = knownReading(v);
    if (!r) continue;
    for (const c of r.channels) {
      const sourceId = canonical(aliases, c.source.id);
      feeding.set(sourceId, [...(feeding.get(sourceId) ?? []), c]);
      // Links are drawn from this round's reading only: a replica we cannot read has no current link figures.
      const now = currentReading(v);
      const source = byId.get(sourceId);
      if (!now) continue;
      // The heartbeat row that counts is the primary's at the top of the source's chain (the source itself when it is one).
      const writerId = graph.roleOf(sourceId) === 'primary' ? sourceId : graph.primaryOf(sourceId);
      const writer = writerId ? byId.get(writerId) : undefined;
      const hb = hbTable && writerId ? heartbeatLag(now, writer ? currentReading(writer) : null, displayName(writer ? knownReading(writer) : null, writerId), hbTable) : null;
      if (hb) hbLags.set(v.address.id, [...(hbLags.get(v.address.id) ?? []), hb]);
      links.push(linkOf(v.address.id, sourceId, now, c, source ? currentReading(source) : null, hb));
    }
    const unplaced = downstreamsOf(r).unplaced;
    if (unplaced.length > 0 && v.reading.kind === 'read') {
      warnings.push(`${displayName(r, v.address.id)} streams to replica(s) with server_id ${unplaced.join(', ')} that cannot be placed: set report_host on them`);
    }
  }
  const findings = new Map<string, NodeFindings>();
  const nodes = views.map((v) => {
    const problems: string[] = [];
    let errant: string[] = [];
    const primaryId = graph.primaryOf(v.address.id);
    const mine = currentReading(v);
    const primaryView = primaryId ? byId.get(primaryId) : undefined;
    const primary = primaryView ? knownReading(primaryView) : null;
    if (mine && primary && primaryId) {
      errant = errantGtids(mine.gtidBinlogState, primary.gtidBinlogState);
      const warning = errantWarning(displayName(mine, v.address.id), displayName(primary, primaryId), errant);
      if (warning) {
        problems.push(warning);
        warnings.push(warning);
      }
    }
    findings.set(v.address.id, { errantGtids: errant, heartbeatLags: hbLags.get(v.address.id) ?? [] });
    const galeraProblem = galera.problems.get(v.address.id);
    if (galeraProblem) problems.push(galeraProblem);
    const role = galera.peers.has(v.address.id) ? 'peer' : graph.roleOf(v.address.id);
    return nodeOf(v, role, nodeStatus(v, feeding.get(v.address.id) ?? [], problems), []);
  });
  return {
    clusterId: input.clusterId,
    takenAt: input.takenAt,
    durationMs: input.durationMs,
    nodes: markFencedOldPrimaries(nodes, links),
    links,
    slots: [],
    consensus: null,
    queriesPerNode: input.queriesPerNode,
    warnings,
    engineDetail: engineDetailOf(views, findings, hbTable, galera.cluster ? { nodes: galera.nodes, cluster: galera.cluster } : null),
  };
}

