import type { ClusterSample, Unread } from '../../../../shared/model/sample';
import type { PglNodeTopology } from './topology';

/** What the driver knows of pglogical per node: the extension is there (pg_extension, readable by any login), and the catalogs read. */
export interface PglKnowledge {
  isPgl(nodeId: string): boolean;
  topologies(): ReadonlyMap<string, PglNodeTopology>;
}

export const UNREAD_MESH = "pglogical's nodes and subscriptions";

/**
 * After the mesh is drawn: a writable node that runs pglogical (its pg_extension says so) is a
 * peer even when its pglogical catalog could not be read, so several writable nodes that all run
 * it are the mesh, not a split brain; and each such node's unread catalog is listed in `unread`,
 * so the headline says "partly read" (the mesh's other nodes and links are not known from it)
 * instead of healthy. Pure.
 */
export function markUnreadMesh(sample: ClusterSample, pgl: PglKnowledge): ClusterSample {
  const pglIds = new Set(sample.nodes.filter((n) => pgl.isPgl(n.id)).map((n) => n.id));
  if (pglIds.size === 0) return sample;
  const tops = pgl.topologies();
  const writable = sample.nodes.filter((n) => n.role === 'primary' && !n.readOnly);
  const allPgl = writable.every((n) => pglIds.has(n.id));
  const gaps: Unread[] = [...pglIds]
    .filter((id) => !tops.has(id))
    .map((nodeId) => ({
      nodeId,
      what: UNREAD_MESH,
      reason: `reading them failed on ${nodeId} (its warning says why and which grant it needs): the mesh's other nodes and links are not known from it`,
    }));
  return {
    ...sample,
    nodes: sample.nodes.map((n) => (pglIds.has(n.id) && n.role === 'primary' ? { ...n, role: 'peer' as const } : n)),
    warnings: allPgl ? sample.warnings.filter((w) => !w.startsWith('split brain:')) : sample.warnings,
    ...(gaps.length ? { unread: [...(sample.unread ?? []), ...gaps] } : {}),
  };
}
