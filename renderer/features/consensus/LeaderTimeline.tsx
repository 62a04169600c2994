import { useShallow } from 'zustand/react/shallow';
import { formatClock } from '../../lib/format';
import { TestIds } from '../../testids';
import { leaderChanges, useEvents } from '../events/store';

/** Leader changes of the cluster (events of kind `leader-change`), oldest to newest. */
export function LeaderTimeline({ clusterId }: { clusterId: string }) {
  const changes = useEvents(useShallow((s) => leaderChanges(s, clusterId)));
  return (
    <div className="leader-timeline" data-testid={TestIds.leaderTimeline} data-count={changes.length}>
      {changes.length === 0 ? (
        <div className="muted small">No leader changes seen yet.</div>
      ) : (
        <ol>
          {changes.slice(-20).map((e) => (
            <li key={e.id} data-testid={TestIds.leaderTimelineItem} data-node-id={e.nodeId ?? ''} data-at={e.at}>
              <span className="timeline-dot" />
              <span className="event-time">{formatClock(e.at)}</span>
              <span>{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
