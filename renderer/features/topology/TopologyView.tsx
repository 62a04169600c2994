import { useEffect, useMemo, useRef } from 'react';
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { TestIds } from '../../testids';
import { buildGraph } from './graph';
import { LagEdge } from './LagEdge';
import { clearSelection, selectLink, selectNode } from './selection';
import { useTopology } from './store';
import { TopologyNode } from './TopologyNode';
import './topology.css';

const nodeTypes: NodeTypes = { db: TopologyNode };
const edgeTypes: EdgeTypes = { lag: LagEdge };
const EMPTY_STRUCTURE = { key: '', nodeIds: [], links: [] };
const FIT = { padding: 0.15, maxZoom: 1.2 };

function Graph({ clusterId }: { clusterId: string }) {
  const structure = useTopology((s) => s.byCluster[clusterId]?.structure ?? EMPTY_STRUCTURE);
  // Laid out again only when the set of nodes or links changes, never per sample.
  const graph = useMemo(() => buildGraph(clusterId, structure), [clusterId, structure]);
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
        onNodeClick={(_, node) => selectNode(node.id)}
        onEdgeClick={(_, edge) => selectLink(edge.id)}
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
