import { memo } from 'react';
import { BaseEdge, getBezierPath, useStore, type Edge, type EdgeProps } from '@xyflow/react';
import { bezierPoint } from './bezier';
import { LagEdgeLabel } from './LagEdgeLabel';
import { useSelection } from './selection';
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
/** Below this zoom the labels are unreadable clutter: they are not drawn (a selected link keeps its label). */
const LABEL_MIN_ZOOM = 0.45;

/**
 * A replication link: its path re-renders only when its state, sync mode or
 * selection changes; the lag figures live in LagEdgeLabel.
 */
export const LagEdge = memo(function LagEdge(props: EdgeProps<LagEdgeType>) {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd } = props;
  const clusterId = data?.clusterId ?? '';
  const look = useTopology((s) => {
    const link = s.byCluster[clusterId]?.links.byId[id];
    return `link-${link?.state ?? 'stopped'} sync-${link?.sync ?? 'async'}`;
  });
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
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`lag-edge ${look}${selected ? ' selected' : ''}`} />
      {(!far || selected) && <LagEdgeLabel id={id} clusterId={clusterId} x={labelX} y={labelY} selected={selected} />}
    </>
  );
});
