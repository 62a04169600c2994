import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type Edge, type EdgeProps } from '@xyflow/react';
import { TestIds } from '../../testids';
import { edgeLabel, headlineBytes, headlineMs } from './edge-label';
import { bezierPoint } from './bezier';
import { selectLink, useSelection } from './selection';
import { useTopology } from './store';

export type LagEdgeType = Edge<
  {
    clusterId: string;
    /** Set for meshes: a straight segment between the node borders instead of a bezier between handles. */
    straight: { sx: number; sy: number; tx: number; ty: number } | null;
  },
  'lag'
>;

const LABEL_AT = 0.62;
/** Below this zoom the labels are unreadable clutter: they stay in the DOM (for tests) but are hidden. */
const LABEL_MIN_ZOOM = 0.45;

/** A replication link labelled with its lag; it re-renders only when its label or state changes. */
export const LagEdge = memo(function LagEdge(props: EdgeProps<LagEdgeType>) {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd } = props;
  const clusterId = data?.clusterId ?? '';
  const label = useTopology((s) => {
    const link = s.byCluster[clusterId]?.links.byId[id];
    return link ? edgeLabel(link) : '';
  });
  const state = useTopology((s) => s.byCluster[clusterId]?.links.byId[id]?.state ?? 'stopped');
  const figures = useTopology((s) => {
    const lag = s.byCluster[clusterId]?.links.byId[id]?.lag;
    return lag ? `${headlineBytes(lag) ?? ''}|${headlineMs(lag) ?? ''}` : '|';
  });
  const sync = useTopology((s) => s.byCluster[clusterId]?.links.byId[id]?.sync ?? 'async');
  const selected = useSelection((s) => s.selection.kind === 'link' && s.selection.linkId === id);
  const far = useStore((s) => s.transform[2] < LABEL_MIN_ZOOM);
  const line = data?.straight;
  const [path] = line
    ? [`M ${line.sx},${line.sy} L ${line.tx},${line.ty}`]
    : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  // On a mesh each direction's label sits nearer its own source, so A→B and B→A do not overlap.
  const { x: labelX, y: labelY } = line
    ? { x: line.sx + (line.tx - line.sx) * 0.3, y: line.sy + (line.ty - line.sy) * 0.3 }
    : bezierPoint(sourceX, sourceY, targetX, targetY, LABEL_AT);
  const [bytes, ms] = figures.split('|');
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`lag-edge link-${state} sync-${sync}${selected ? ' selected' : ''}`} />
      <EdgeLabelRenderer>
        <div
          className={`edge-label link-${state}${selected ? ' selected' : ''}${far && !selected ? ' far' : ''} nodrag nopan`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          data-testid={TestIds.topologyEdgeLabel}
          data-link-id={id}
          data-state={state}
          data-sync={sync}
          data-bytes={bytes}
          data-ms={ms}
          onClick={() => selectLink(id)}
        >
          {label}
          {sync !== 'async' && <span className="edge-sync">{sync}</span>}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});
