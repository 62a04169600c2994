import type { ActionRun } from '../../../shared/ipc/actions';
import { nodeLabel } from '../../../shared/model/action';
import { assertNever } from '../../../shared/result';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { abortRun } from './commands';
import { STATUS_LABELS } from './labels';
import { nextStepAbortable } from './plan-logic';
import { useRequests } from './request-store';

export function outcomeText(run: ActionRun): string {
  const failed = run.plan.steps.find((s) => s.state === 'failed');
  switch (run.status) {
    case 'planned':
      return 'Planned: nothing has run yet.';
    case 'running': {
      const current = run.plan.steps.find((s) => s.state === 'running');
      return current ? `Running: ${current.title}` : 'Running…';
    }
    case 'done': {
      const skipped = run.plan.steps.filter((s) => s.state === 'skipped');
      // Never a plain "Done" while a step could not act (a pooler left pointing at the dead primary): name each one.
      return skipped.length
        ? `Done, but ${skipped.length} step${skipped.length === 1 ? '' : 's'} could not act: ${skipped.map((s) => `"${s.title}"`).join(', ')} (skipped, see why: it says what to do by hand). Every other step was seen done.`
        : 'Done: every step completed.';
    }
    case 'done-manual': {
      const left = run.plan.steps.filter((s) => s.state === 'manual').length;
      const skipped = run.plan.steps.filter((s) => s.state === 'skipped');
      // A skipped step's by-hand work (a pooler to re-point) is not one of the manual rejoin steps: name it too.
      const also = skipped.length ? ` Also ${skipped.length} step${skipped.length === 1 ? '' : 's'} could not act: ${skipped.map((s) => `"${s.title}"`).join(', ')} (skipped, see why: it says what to do by hand).` : '';
      return `Done, ${left} manual step${left === 1 ? '' : 's'} left: run them by hand (below); this turns done once ReplicaDesk sees the node stream from the new primary.${also}`;
    }
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

/** The fence a failover still owes, or how it ended. */
function FenceOrderText({ run }: { run: ActionRun }) {
  const o = run.fenceOnReturn;
  if (!o) return null;
  const name = nodeLabel(run.plan, o.nodeId, true);
  const text =
    o.state === 'standing'
      ? `Fence of ${name} still owed: it was down; ReplicaDesk fences it the moment it answers as a writable primary.`
      : `Fence of ${name} ${o.state === 'fenced' ? 'done on its return' : 'no longer needed'}: ${o.detail}`;
  return (
    <span className="run-fence small" data-testid={TestIds.runFenceOrder} data-state={o.state}>
      {text}
    </span>
  );
}

/** The manual steps left, in order, each with its exact command: the runbook for this cluster. */
function Runbook({ run }: { run: ActionRun }) {
  const left = run.plan.steps.filter((s) => s.state === 'manual');
  return (
    <ol className="runbook" data-testid={TestIds.runbook} data-left={left.length}>
      {left.map((s) => (
        <li key={s.id}>
          {s.title}
          <pre className="step-command">{s.command}</pre>
        </li>
      ))}
    </ol>
  );
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
      {run.fenceOnReturn && <FenceOrderText run={run} />}
      {run.status === 'done-manual' && <Runbook run={run} />}
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
