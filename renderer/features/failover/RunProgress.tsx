import type { ActionRun } from '../../../shared/ipc/actions';
import { assertNever } from '../../../shared/result';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { abortRun } from './commands';
import { STATUS_LABELS } from './labels';
import { nextStepAbortable } from './plan-logic';
import { useRequests } from './request-store';

function outcomeText(run: ActionRun): string {
  const failed = run.plan.steps.find((s) => s.state === 'failed');
  switch (run.status) {
    case 'planned':
      return 'Planned: nothing has run yet.';
    case 'running': {
      const current = run.plan.steps.find((s) => s.state === 'running');
      return current ? `Running: ${current.title}` : 'Running…';
    }
    case 'done':
      return 'Done: every step completed.';
    case 'failed':
      return failed ? `Failed at "${failed.title}": ${failed.detail ?? 'no detail'}` : `Failed${run.advice ? `: ${run.advice}` : ''}`;
    case 'aborted':
      return 'Aborted by the admin before the next step; steps marked done did run.';
    case 'interrupted':
      return `Interrupted: the app stopped during this action. ${run.advice ?? ''}`;
    default:
      return assertNever(run.status, 'action status');
  }
}

/** Where a started action stands, and an Abort button while it runs. */
export function RunProgress({ run }: { run: ActionRun }) {
  const api = useApi();
  const aborting = useRequests((s) => s.aborting[run.plan.id]);
  const abortableNext = nextStepAbortable(run.plan);
  return (
    <div className={`run-outcome status-${run.status}`} data-testid={TestIds.runOutcome} data-status={run.status}>
      <span className="run-status">{STATUS_LABELS[run.status]}</span>
      <span className="run-text">{outcomeText(run)}</span>
      {run.status === 'running' && (
        <span className="abort-box">
          <button
            className="danger"
            data-testid={TestIds.abortAction}
            disabled={aborting === 'sent' || aborting === 'accepted'}
            onClick={() => void abortRun(api, run.plan.id)}
          >
            {aborting === 'accepted' ? 'Aborting…' : 'Abort'}
          </button>
          <span className="muted small" data-testid={TestIds.abortNote} data-next-abortable={abortableNext ?? ''}>
            Abort takes effect before the next step that allows it
            {abortableNext === false ? ' (the next step does not: it will run first)' : ''}, never in the middle of a step.
            {aborting === 'not-running' ? ' The core says this action is no longer running.' : ''}
          </span>
        </span>
      )}
    </div>
  );
}
