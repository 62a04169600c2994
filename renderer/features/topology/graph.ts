import { MarkerType } from '@xyflow/react';
import type { GraphStructure } from './store';
import { layoutGraph } from './layout';
import { isMesh, ringLayout, straightSegment } from './ring';
import type { DbNode } from './TopologyNode';
import type { LagEdgeType } from './LagEdge';

const ORIGIN = { x: 0, y: 0 };
const ARROW = { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#6f8fb3' };

/** React Flow nodes and edges for a structure: positions only, the live data is read by each node/edge. */
export function buildGraph(clusterId: string, structure: GraphStructure): { nodes: DbNode[]; edges: LagEdgeType[] } {
  const mesh = isMesh(structure);
  const positions = mesh ? ringLayout(structure.nodeIds) : layoutGraph(structure);
  const nodes: DbNode[] = structure.nodeIds.map((id) => ({
    id,
    type: 'db',
    position: positions[id] ?? { x: 0, y: 0 },
    data: { clusterId },
    draggable: false,
    connectable: false,
  }));
  const known = new Set(structure.nodeIds);
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
  return { nodes, edges };
}
