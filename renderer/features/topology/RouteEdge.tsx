import { memo } from 'react';
import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { TestIds } from '../../testids';
import { useSelection } from './selection';
import { useTopology } from './store';

export type RouteEdgeType = Edge<{ clusterId: string; poolerId: string; nodeId: string }, 'route'>;

/**
 * Where a pooler sends its clients: not a replication link, so no lag label;
 * drawn dashed in the pooler colour, and grey while the pooler is not readable.
 */
export const RouteEdge = memo(function RouteEdge(props: EdgeProps<RouteEdgeType>) {
  const { id, data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd } = props;
  const poolerId = data?.poolerId ?? '';
  const status = useTopology((s) => s.byCluster[data?.clusterId ?? '']?.poolers.byId[poolerId]?.status ?? 'unreachable');
  const selected = useSelection((s) => s.selection.kind === 'pooler' && s.selection.poolerId === poolerId);
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <g data-testid={TestIds.poolerRouteEdge} data-edge-id={id} data-pooler-id={poolerId} data-target={data?.nodeId ?? ''}>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`route-edge route-${status === 'ok' ? 'ok' : 'stale'}${selected ? ' selected' : ''}`} />
    </g>
  );
});
