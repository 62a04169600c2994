import { useEffect, useMemo, useRef } from 'react';
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { TestIds } from '../../testids';
import { buildGraph } from './graph';
import { LagEdge } from './LagEdge';
import { PoolerNode } from './PoolerNode';
import { RouteEdge } from './RouteEdge';
import { clearSelection, selectLink, selectNode, selectPooler } from './selection';
import { useTopology } from './store';
import { TopologyNode } from './TopologyNode';
import './topology.css';

const nodeTypes: NodeTypes = { db: TopologyNode, pooler: PoolerNode };
const edgeTypes: EdgeTypes = { lag: LagEdge, route: RouteEdge };
const EMPTY_STRUCTURE = { key: '', nodeIds: [], links: [], poolers: [] };
const FIT = { padding: 0.15, maxZoom: 1.2 };

function Graph({ clusterId }: { clusterId: string }) {
  const structure = useTopology((s) => s.byCluster[clusterId]?.structure ?? EMPTY_STRUCTURE);
  // Laid out again only when the set of nodes or links changes, never per sample.
  const graph = useMemo(() => {
    const g = buildGraph(clusterId, structure);
    return g.poolers.length === 0 ? g : { nodes: [...g.poolers, ...g.nodes], edges: [...g.edges, ...g.routes] };
  }, [clusterId, structure]);
  const flow = useReactFlow();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Fit again when the graph changes or the pane is resized (not on every sample).
    let frame = 0;
    const fit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void flow.fitView(FIT));
    };
    fit();
    const observer = new ResizeObserver(fit);
    if (box.current) observer.observe(box.current);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [flow, graph]);
  return (
    <div ref={box} className="topology-flow">
      <ReactFlow
        nodes={graph.nodes}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode="dark"
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        onlyRenderVisibleElements={graph.nodes.length > 60}
        minZoom={0.1}
        maxZoom={2}
        fitView
        fitViewOptions={FIT}
        onNodeClick={(_, node) => (node.type === 'pooler' ? selectPooler(node.id) : selectNode(node.id))}
        onEdgeClick={(_, edge) => (edge.type === 'route' ? selectPooler(edge.source) : selectLink(edge.id))}
        onPaneClick={clearSelection}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** The cluster's topology graph: status-coloured nodes, links labelled with lag. */
export function TopologyView({ clusterId }: { clusterId: string }) {
  const count = useTopology((s) => s.byCluster[clusterId]?.nodes.ids.length ?? null);
  return (
    <div className="topology" data-testid={TestIds.topology} data-cluster-id={clusterId} data-node-count={count ?? 0}>
      {count === null ? (
        <div className="topology-empty muted">Waiting for the first sample…</div>
      ) : (
        <ReactFlowProvider key={clusterId}>
          <Graph clusterId={clusterId} />
        </ReactFlowProvider>
      )}
    </div>
  );
}
