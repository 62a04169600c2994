import { memo } from 'react';
import { EdgeLabelRenderer } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import type { ReplicationLink } from '../../../shared/model/link';
import { TestIds } from '../../testids';
import { edgeLabel, headlineBytes, headlineMs } from './edge-label';
import { selectLink } from './selection';
import { useTopology } from './store';

/** The edge text with the GTID distance first where the engine counts it: "20 trx · 6.1 KB · 3 s". */
export function lagEdgeText(link: Pick<ReplicationLink, 'state' | 'lag'>): string {
  const base = edgeLabel(link);
  const trx = link.lag.transactions;
  if (link.state === 'ended' || !trx) return base;
  const count = `${trx.behind} trx`;
  return link.state === 'streaming' ? `${count} · ${base}` : `${link.state} · ${count} · ${base.slice(link.state.length + 3)}`;
}

export interface LagEdgeLabelProps {
  id: string;
  clusterId: string;
  x: number;
  y: number;
  selected: boolean;
}

/**
 * The lag figures of one link. Its own component, so a new lag figure
 * re-renders this one label, not the edge's path; it is mounted only while
 * labels are readable (see LagEdge).
 */
export const LagEdgeLabel = memo(function LagEdgeLabel({ id, clusterId, x, y, selected }: LagEdgeLabelProps) {
  const view = useTopology(
    useShallow((s) => {
      const link = s.byCluster[clusterId]?.links.byId[id];
      if (!link) return { label: '', state: 'stopped', sync: 'async', bytes: '', ms: '' };
      return {
        label: lagEdgeText(link),
        state: link.state,
        sync: link.sync,
        bytes: String(headlineBytes(link.lag) ?? ''),
        ms: String(headlineMs(link.lag) ?? ''),
      };
    }),
  );
  return (
    <EdgeLabelRenderer>
      <div
        className={`edge-label link-${view.state}${selected ? ' selected' : ''} nodrag nopan`}
        style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
        data-testid={TestIds.topologyEdgeLabel}
        data-link-id={id}
        data-state={view.state}
        data-sync={view.sync}
        data-bytes={view.bytes}
        data-ms={view.ms}
        onClick={() => selectLink(id)}
      >
        {view.label}
        {view.sync !== 'async' && <span className="edge-sync">{view.sync}</span>}
      </div>
    </EdgeLabelRenderer>
  );
});
