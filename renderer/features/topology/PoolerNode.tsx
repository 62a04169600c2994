import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { TestIds } from '../../testids';
import { useSelection } from './selection';
import { useTopology } from './store';

export type PoolerNodeType = Node<{ clusterId: string }, 'pooler'>;

/**
 * A PgBouncer pooler: a different shape from the database nodes (a connection
 * pooler, not a server). Like TopologyNode it subscribes only to what it shows.
 */
export const PoolerNode = memo(function PoolerNode({ id, data }: NodeProps<PoolerNodeType>) {
  const p = useTopology(
    useShallow((s) => {
      const c = s.byCluster[data.clusterId];
      const r = c?.poolers.byId[id];
      if (!r) return null;
      // A write route left on a node that refuses writes (the pooler-misrouted alarm's condition, as the node shows it).
      // Not while our own switchover holds it paused: its clients wait for the re-point, they do not fail.
      const misrouted = r.status === 'ok' && r.heldPausedSince === null && r.databases.some((d) => {
        const t = d.writeRoute && d.targetNodeId ? c?.nodes.byId[d.targetNodeId] : undefined;
        return t !== undefined && (t.role !== 'primary' || t.fenced === true || t.readOnly === true || t.status.kind !== 'up');
      });
      return {
        misrouted, name: r.name, status: r.status, error: r.error ?? '', mode: r.poolMode, active: r.clientsActive, waiting: r.clientsWaiting, paused: r.databases.some((d) => d.paused), held: r.heldPausedSince !== null };
    }),
  );
  const selected = useSelection((s) => s.selection.kind === 'pooler' && s.selection.poolerId === id);
  if (!p) return null;
  const tone = p.status === 'ok' ? 'ok' : p.status === 'unreachable' ? 'unreachable' : 'bad';
  return (
    <div
      className={`pooler-node pooler-${p.misrouted ? 'bad' : tone}${p.paused || p.held ? ' paused' : ''}${selected ? ' selected' : ''}`}
      data-testid={TestIds.poolerNode}
      data-pooler-id={id}
      data-status={p.status}
      data-pool-mode={p.mode ?? ''}
      data-paused={p.paused || p.held}
      data-misrouted={p.misrouted}
      data-selected={selected}
      title={`PgBouncer ${p.name} (${id.replace(/^pooler:/, '')}): ${p.status}${p.error ? ` — ${p.error}` : ''}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="topo-node-head">
        <span className="pooler-kind">PgBouncer</span>
        <span className="topo-node-name">{p.name}</span>
        {p.misrouted && (
          <span className="topo-tag bad" title="a database that carried writes routes to a node that refuses them: pooled writes fail until it is re-pointed">
            writes misrouted
          </span>
        )}
        {(p.paused || p.held) && (
          <span className="topo-tag warn" title={p.held ? 'held paused by this switchover (PAUSE … RESUME)' : 'a database is paused (SHOW DATABASES)'}>
            {p.held ? 'paused by switchover' : 'paused'}
          </span>
        )}
      </div>
      <div className="topo-node-sub pooler-sub">
        <span className="pooler-status">{p.status}</span>
        <span className="pooler-mode" title={`pool_mode = ${p.mode ?? 'unknown'}`}>{p.mode ?? '—'}</span>
        <span className="pooler-clients" title="clients active / waiting">
          {p.active} act · {p.waiting} wait
        </span>
      </div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});
