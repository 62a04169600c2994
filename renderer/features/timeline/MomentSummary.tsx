import type { ActionRun } from '../../../shared/ipc/actions';
import { formatDateTime } from '../../lib/format';
import { useTimeline } from './store';

/** Under the timeline while a past moment is shown: what was open and running then. */
export function MomentSummary() {
  const moment = useTimeline((s) => s.moment);
  if (!moment) return <div className="muted small">loading that moment…</div>;
  const alarms = moment.sample?.alarms ?? [];
  return (
    <div className="timeline-moment" data-testid="timeline-moment" data-alarms={alarms.length} data-actions={moment.actions.length}>
      {moment.note && <div className="timeline-note">{moment.note}</div>}
      {moment.sample && (
        <div className="small">
          {alarms.length === 0 ? 'no alarm open' : `${alarms.length} alarm${alarms.length > 1 ? 's' : ''} open: ${alarms.map((a) => a.message).join('; ')}`}
          {moment.topologyAt !== null && <span className="muted"> · topology as stored at {formatDateTime(moment.topologyAt)}</span>}
        </div>
      )}
      {moment.actions.map((run) => (
        <div key={run.plan.id} className="small" data-testid="timeline-action">
          in flight: {run.plan.kind} → {run.plan.nodeNames?.[run.plan.target] ?? run.plan.target}
          <StepList run={run} />
        </div>
      ))}
    </div>
  );
}

/** A run's steps, one line each with its state (a 13-step runbook as a list, not one paragraph). */
export function StepList({ run }: { run: ActionRun }) {
  return (
    <ol className="timeline-steps">
      {run.plan.steps.map((s) => (
        <li key={s.id} data-state={s.state} className={`step-${s.state}`}>
          {s.title} <span className="muted">— {s.state}</span>
        </li>
      ))}
    </ol>
  );
}
