import type { GaleraCluster, GaleraNode } from '../../../../shared/engines/galera';
import type { ServerView } from '../view';
import { bootstrapAdvice, componentsOf, componentWarnings, type GaleraMember } from './galera-components';
import { galeraNodeOf, galeraProblem } from './galera-node-state';
import type { GaleraRates } from './galera-rates';
import type { GaleraLoggedConflict } from '../../../../shared/engines/galera-conflict';

/** What Galera adds to one sample: which nodes are peers, their problems, the panel data and warnings. */
export interface GaleraSample {
  /** Node ids of the Galera nodes (this round's reading or the last one has wsrep on). */
  peers: ReadonlySet<string>;
  /** A node's Galera problem (becomes its `degraded` reason). */
  problems: ReadonlyMap<string, string>;
  /** This round's state per peer; null for a peer that could not be read. */
  nodes: ReadonlyMap<string, GaleraNode | null>;
  /** Null when no node is a Galera node. */
  cluster: GaleraCluster | null;
  warnings: string[];
}

/** Pure: the Galera part of a sample from the servers' readings and each node's rates since its previous reading. */
export function galeraSampleOf(
  views: readonly ServerView[],
  rates: ReadonlyMap<string, GaleraRates>,
  canonical: (id: string) => string = (id) => id,
  conflictsOf: (id: string) => GaleraLoggedConflict[] | undefined = () => undefined,
): GaleraSample {
  const members: GaleraMember[] = [];
  for (const v of views) {
    const now = v.reading.kind === 'read' ? (v.reading.value.galera ?? null) : null;
    const last = v.reading.kind === 'read' ? now : (v.last?.galera ?? null);
    if (!now && !last) continue;
    members.push({ id: v.address.id, name: (now ?? last)!.nodeName || v.address.id, now, last });
  }
  const problems = new Map<string, string>();
  const nodes = new Map<string, GaleraNode | null>();
  for (const m of members) {
    const logged = conflictsOf(m.id);
    nodes.set(m.id, m.now ? { ...galeraNodeOf(m.now, rates.get(m.id) ?? null), ...(logged ? { conflicts: logged } : {}) } : null);
    const p = m.now ? galeraProblem(m.now) : null;
    if (p) problems.set(m.id, p);
  }
  if (members.length === 0) return { peers: new Set(), problems, nodes, cluster: null, warnings: [] };
  const components = componentsOf(members, canonical);
  return {
    peers: new Set(members.map((m) => m.id)),
    problems,
    nodes,
    cluster: { components, bootstrap: bootstrapAdvice(members) },
    warnings: componentWarnings(members, components),
  };
}
