import { memo } from 'react';
import { formatClock } from '../../lib/format';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { useEvents } from './store';
import { NodeLabel } from '../topology/NodeLabel';

export const EventRow = memo(function EventRow({ id, showCluster }: { id: string; showCluster: boolean }) {
  const event = useEvents((s) => s.byId[id]);
  const clusterName = useClusters((s) => (event ? (s.byId[event.clusterId]?.name ?? event.clusterId) : ''));
  // One name per node: the display name from the latest sample, the address when unknown.
  if (!event) return null;
  return (
    <div
      className={`event-row sev-${event.severity}`}
      data-testid={TestIds.eventItem}
      data-event-id={id}
      data-kind={event.kind}
      data-severity={event.severity}
      data-node-id={event.nodeId ?? ''}
      data-cluster-id={event.clusterId}
      data-alarm-key={event.alarmKey ?? ''}
      title={`${new Date(event.at).toLocaleString()} · ${event.kind}${event.runbook ? `\n\nRunbook: ${event.runbook}` : ''}`}
    >
      <span className="event-time">{formatClock(event.at)}</span>
      <span className={`sev-badge sev-${event.severity}`}>{event.severity}</span>
      {showCluster && <span className="event-cluster">{clusterName}</span>}
      <span className="event-node">{event.nodeId ? <NodeLabel clusterId={event.clusterId} nodeId={event.nodeId} /> : '—'}</span>
      <span className="event-message">{event.message}</span>
    </div>
  );
});
