import type { ConflictEvent, ConflictVersion } from '../../../shared/model/conflict';
import type { TopologyState } from '../topology/store';

/**
 * A version's writer as the rest of the app names the node (its display name: alias or cluster_name),
 * else the engine's own name for it (`origin`, e.g. the pglogical node name) when the sample does not hold it.
 */
export function versionName(s: TopologyState, clusterId: string, v: Pick<ConflictVersion, 'nodeId' | 'origin'>): string {
  return s.byCluster[clusterId]?.nodes.byId[v.nodeId]?.name || v.origin;
}

/** A node id (its address) by its display name; a node the sample does not hold by the engine's name for it, if a version says it. */
export function nodeIdName(s: TopologyState, c: Pick<ConflictEvent, 'clusterId' | 'versions'>, nodeId: string): string {
  const known = s.byCluster[c.clusterId]?.nodes.byId[nodeId]?.name;
  if (known) return known;
  return c.versions.find((v) => v.nodeId === nodeId)?.origin ?? nodeId;
}

/**
 * What a version's `position` is: a PostgreSQL LSN (`0/165D9C8`: the commit LSN of the change, as the engine
 * logged it), a MariaDB GTID (`0-1-42`), else a log position.
 */
export function positionLabel(position: string): string {
  if (/^[0-9a-f]{1,8}\/[0-9a-f]{1,8}$/i.test(position)) return `commit LSN ${position}`;
  if (/^\d+-\d+-\d+(,\d+-\d+-\d+)*$/.test(position)) return `GTID ${position}`;
  return `log position ${position}`;
}

export interface NodeOption {
  /** What the backend's prefer-node rule compares with a version's `origin`. */
  value: string;
  /** The display name (with the engine's name when it differs). */
  label: string;
}

/**
 * The nodes a prefer-node policy can name, for a cluster: every writer its conflicts name (value: the
 * version's `origin`, which the policy compares), and every node of the newest sample not among them — its
 * value by the cluster's convention, read off the conflicts (origin = node id, as agents report, or origin =
 * display name, as pglogical's node names follow cluster_name); with no conflict to tell, the node id.
 */
export function preferNodeOptions(s: TopologyState, clusterId: string, conflicts: readonly ConflictEvent[]): NodeOption[] {
  const nodes = s.byCluster[clusterId]?.nodes;
  const out = new Map<string, NodeOption>();
  const covered = new Set<string>();
  let byId = 0;
  let byName = 0;
  for (const c of conflicts) {
    if (c.clusterId !== clusterId) continue;
    for (const v of c.versions) {
      const node = nodes?.byId[v.nodeId];
      if (node) {
        covered.add(node.id);
        if (v.origin === node.id) byId++;
        else if (v.origin === node.name) byName++;
      }
      if (out.has(v.origin)) continue;
      const name = versionName(s, clusterId, v);
      out.set(v.origin, { value: v.origin, label: name === v.origin ? name : `${name} (${v.origin})` });
    }
  }
  for (const id of nodes?.ids ?? []) {
    const node = nodes!.byId[id]!;
    if (covered.has(id)) continue;
    const value = byName > byId && node.name ? node.name : node.id;
    if (out.has(value)) continue;
    const name = node.name || node.id;
    out.set(value, { value, label: name === value ? name : `${name} (${value})` });
  }
  return [...out.values()].sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
}
