import { useShallow } from 'zustand/react/shallow';
import type { Alarm } from '../../../shared/model/event';
import { formatClock } from '../../lib/format';
import { TestIds } from '../../testids';
import { useTopology } from '../topology/store';

const NONE: readonly Alarm[] = [];

/** The cluster's open alarms (from its latest sample): what is wrong now, each with when it clears and its runbook. */
export function OpenAlarms({ clusterId }: { clusterId: string | null }) {
  const alarms = useTopology(useShallow((s) => (clusterId ? (s.byCluster[clusterId]?.alarms ?? NONE) : NONE)));
  if (alarms.length === 0) return null;
  return (
    <ul className="open-alarms">
      {alarms.map((a) => (
        <li
          key={a.key}
          className={`event-row sev-${a.severity}`}
          data-testid={TestIds.openAlarm}
          data-alarm-key={a.key}
          data-kind={a.kind}
          title={`Clears when ${a.clearsWhen}.\n\nRunbook: ${a.runbook}`}
        >
          <span className="event-time">{formatClock(a.raisedAt)}</span>
          <span className={`sev-badge sev-${a.severity}`}>open</span>
          <span className="event-message">{a.message}</span>
        </li>
      ))}
    </ul>
  );
}
