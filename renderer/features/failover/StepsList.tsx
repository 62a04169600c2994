import type { ActionStep } from '../../../shared/model/action';
import { formatMs } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { stepDurationMs } from './plan-logic';

const STATE_ICON: Record<ActionStep['state'], string> = {
  pending: '○',
  running: '◔',
  done: '✔',
  failed: '✖',
  skipped: '↷',
  aborted: '■',
  manual: '»',
};

const STATE_TEXT: Record<ActionStep['state'], string> = {
  pending: 'pending',
  running: 'running',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
  aborted: 'aborted',
  manual: 'left to you',
};

function Duration({ step }: { step: ActionStep }) {
  const now = useNow(step.state === 'running' ? 250 : 60_000);
  const ms = stepDurationMs(step, now);
  return <span className="step-duration">{ms === null ? '' : formatMs(ms)}</span>;
}

/** Steps in order, each with its exact command; once running, their state, duration and output. */
export function StepsList({ steps, live }: { steps: readonly ActionStep[]; live: boolean }) {
  return (
    <ol className="step-list">
      {steps.map((step, i) => (
        <li
          key={step.id}
          className={`step-row step-${step.state}${step.manual ? ' step-manual' : ''}`}
          data-testid={TestIds.planStep}
          data-step-id={step.id}
          data-state={step.state}
          data-manual={step.manual === true}
        >
          <div className="step-head">
            <span className="step-icon">{STATE_ICON[step.state]}</span>
            <span className="step-index">{i + 1}.</span>
            {step.manual && (
              <span className="step-manual-tag" data-testid={TestIds.stepManual}>
                by hand
              </span>
            )}
            <span className="step-title">{step.title}</span>
            {live && <span className={`step-state state-${step.state}`}>{STATE_TEXT[step.state]}</span>}
            <span className="spacer" />
            {live && <Duration step={step} />}
            {!step.abortableBefore && !step.manual && <span className="muted small" title="An abort cannot stop the action right before this step">no abort before</span>}
          </div>
          <pre className="step-command" data-testid={TestIds.stepCommand}>
            {step.command}
          </pre>
          {step.detail && (
            <pre className={`step-detail${step.state === 'failed' ? ' error-text' : ''}`} data-testid={TestIds.stepDetail}>
              {step.detail}
            </pre>
          )}
        </li>
      ))}
    </ol>
  );
}
