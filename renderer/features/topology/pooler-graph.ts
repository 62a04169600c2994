import { MarkerType } from '@xyflow/react';
import { NODE_HEIGHT, NODE_WIDTH, type Position } from './layout';
import type { PoolerNodeType } from './PoolerNode';
import type { RouteEdgeType } from './RouteEdge';
import { routeEdgeId, type PoolerRoutes } from './pooler-routes';

const ROUTE_ARROW = { type: MarkerType.ArrowClosed, width: 12, height: 12, color: '#b48ce0' };

/** Pooler → node links for the layered layout: poolers rank above the node they route to. */
export function routeLinks(poolers: readonly PoolerRoutes[], known: ReadonlySet<string>): { id: string; from: string; to: string }[] {
  return poolers.flatMap((p) => p.targets.filter((t) => known.has(t)).map((t) => ({ id: routeEdgeId(p.id, t), from: p.id, to: t })));
}

/** On a ring (meshes) the poolers go in a row above it. */
export function poolersAbove(poolers: readonly PoolerRoutes[], positions: Record<string, Position>): Record<string, Position> {
  const placed = Object.values(positions);
  const top = placed.length ? Math.min(...placed.map((p) => p.y)) : 0;
  const out: Record<string, Position> = {};
  poolers.forEach((p, i) => {
    out[p.id] = { x: Math.round((i - (poolers.length - 1) / 2) * (NODE_WIDTH + 60) - NODE_WIDTH / 2), y: top - NODE_HEIGHT - 110 };
  });
  return out;
}

export function poolerNodes(clusterId: string, poolers: readonly PoolerRoutes[], positions: Record<string, Position>): PoolerNodeType[] {
  return poolers.map((p) => ({
    id: p.id,
    type: 'pooler',
    position: positions[p.id] ?? { x: 0, y: 0 },
    data: { clusterId },
    draggable: false,
    connectable: false,
  }));
}

export function routeEdges(clusterId: string, poolers: readonly PoolerRoutes[], known: ReadonlySet<string>): RouteEdgeType[] {
  return routeLinks(poolers, known).map((r) => ({
    id: r.id,
    source: r.from,
    target: r.to,
    type: 'route',
    markerEnd: ROUTE_ARROW,
    data: { clusterId, poolerId: r.from, nodeId: r.to },
  }));
}
