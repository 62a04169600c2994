import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { TestIds } from '../../testids';
import { useSelection } from './selection';
import { selectPastAt, useTopology } from './store';
import { nodeHeadlineRole, useHeadlines } from '../clusters/headline-store';
import { answering, roleLabel } from './role-label';

export type DbNode = Node<{ clusterId: string }, 'db'>;

/**
 * One database node. It subscribes to its own few fields, so a sample that
 * changes one node re-renders only that node, and the graph never re-lays out.
 */
export const TopologyNode = memo(function TopologyNode({ id, data }: NodeProps<DbNode>) {
  // Only what the card shows: a new lastSeenAt or position does not re-render it.
  const node = useTopology(
    useShallow((s) => {
      const n = s.byCluster[data.clusterId]?.nodes.byId[id];
      if (!n) return null;
      const reason = n.status.kind === 'up' ? '' : n.status.reason;
      // A node that does not answer leads nothing: never label it LEADER from an old report.
      const role = n.role === 'leader' && n.status.kind !== 'up' && n.status.kind !== 'degraded' ? 'unknown' : n.role;
      return { name: n.name, address: n.address, role, status: n.status.kind, reason, fenced: n.fenced ?? (n.role === 'primary' && n.readOnly) };
    }),
  );
  const selected = useSelection((s) => s.selection.kind === 'node' && s.selection.nodeId === id);
  const liveAlarm = useHeadlines((s) => nodeHeadlineRole(s, data.clusterId, id));
  // The headline is live: a past moment shown on the timeline does not wear today's alarm border.
  const past = useTopology((s) => selectPastAt(s, data.clusterId) !== null);
  const alarm = past ? null : liveAlarm;
  if (!node) return null;
  const status = node.status;
  const reason = node.reason ? ` — ${node.reason}` : '';
  return (
    <div
      className={`topo-node role-${node.role} status-${status}${selected ? ' selected' : ''}${alarm ? ` headline-${alarm}` : ''}`}
      data-headline={alarm ?? ''}
      data-testid={TestIds.topologyNode}
      data-node-id={id}
      data-role={node.role}
      data-status={status}
      data-selected={selected}
      title={`${node.name} (${node.address}) ${answering(status) ? node.role : `last seen as ${node.role}`}, ${status}${reason}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="topo-node-head">
        <span className={`status-dot status-${status}`} />
        <span className="topo-node-name">{node.name}</span>
        {node.fenced && node.role === 'primary' && <span className="topo-tag warn">fenced (read-only)</span>}
      </div>
      <div className="topo-node-sub">
        <span className="topo-role">{roleLabel(node.role, status)}</span>
        <span className="topo-status">{status}</span>
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
