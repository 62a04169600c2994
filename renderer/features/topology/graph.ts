import { MarkerType } from '@xyflow/react';
import type { GraphStructure } from './store';
import { layoutGraph } from './layout';
import { isMesh, ringLayout, straightSegment } from './ring';
import type { DbNode } from './TopologyNode';
import type { LagEdgeType } from './LagEdge';
import type { PoolerNodeType } from './PoolerNode';
import type { RouteEdgeType } from './RouteEdge';
import { NO_POOLERS } from './pooler-routes';
import { poolerNodes, poolersAbove, routeEdges, routeLinks } from './pooler-graph';

const ORIGIN = { x: 0, y: 0 };
const ARROW = { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#6f8fb3' };

type GraphInput = Pick<GraphStructure, 'nodeIds' | 'links'> & Partial<Pick<GraphStructure, 'key' | 'poolers'>>;

/**
 * React Flow nodes and edges for a structure: positions only, the live data is read by each node/edge.
 * Poolers are laid out with the databases (above the node they route to), their arrows are route edges.
 */
export function buildGraph(clusterId: string, structure: GraphInput): { nodes: DbNode[]; edges: LagEdgeType[]; poolers: PoolerNodeType[]; routes: RouteEdgeType[] } {
  const mesh = isMesh(structure);
  const poolers = structure.poolers ?? NO_POOLERS;
  const known = new Set(structure.nodeIds);
  const ring = mesh ? ringLayout(structure.nodeIds) : null;
  const positions = ring
    ? { ...ring, ...poolersAbove(poolers, ring) }
    : layoutGraph(poolers.length === 0 ? structure : { nodeIds: [...poolers.map((p) => p.id), ...structure.nodeIds], links: [...structure.links, ...routeLinks(poolers, known)] });
  const nodes: DbNode[] = structure.nodeIds.map((id) => ({
    id,
    type: 'db',
    position: positions[id] ?? { x: 0, y: 0 },
    data: { clusterId },
    draggable: false,
    connectable: false,
  }));
  const edges: LagEdgeType[] = structure.links
    .filter((l) => known.has(l.from) && known.has(l.to))
    .map((l) => ({
      id: l.id,
      source: l.from,
      target: l.to,
      type: 'lag',
      markerEnd: ARROW,
      data: {
        clusterId,
        straight: mesh ? straightSegment(positions[l.from] ?? ORIGIN, positions[l.to] ?? ORIGIN, 7) : null,
      },
    }));
  return { nodes, edges, poolers: poolerNodes(clusterId, poolers, positions), routes: routeEdges(clusterId, poolers, known) };
}
