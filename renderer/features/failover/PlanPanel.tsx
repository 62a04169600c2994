import type { ActionRun } from '../../../shared/ipc/actions';
import { isLockingAction } from '../../../shared/model/action';
import { formatBytes, formatDateTime, formatMs } from '../../lib/format';
import { TestIds } from '../../testids';
import { ChecksList } from './ChecksList';
import { ConfirmExecute } from './ConfirmExecute';
import { describeAction } from './labels';
import { planBlockers } from './plan-logic';
import { RunProgress } from './RunProgress';
import { openPlan } from './runs-store';
import { StepsList } from './StepsList';

function Expectations({ run }: { run: ActionRun }) {
  const { plan } = run;
  return (
    <div className="plan-expect">
      {plan.kind === 'failover' && (
        <div className="plan-loss" data-testid={TestIds.planDataLoss} data-bytes={plan.expectedDataLossBytes ?? ''}>
          Expected data loss:{' '}
          <strong>{plan.expectedDataLossBytes === null ? 'unknown (no last position from the old primary)' : formatBytes(plan.expectedDataLossBytes)}</strong>
          {plan.expectedDataLossBytes !== null && <span className="muted"> ({plan.expectedDataLossBytes.toLocaleString()} bytes)</span>}
        </div>
      )}
      <div className="plan-unavail" data-testid={TestIds.planUnavailable} data-ms={plan.expectedUnavailableMs ?? ''}>
        Expected write-unavailability: <strong>{plan.expectedUnavailableMs === null ? 'unknown' : formatMs(plan.expectedUnavailableMs)}</strong>
      </div>
    </div>
  );
}

/** The dry run (checks, expectations, exact steps, confirmation), then the live progress of the same plan. */
export function PlanPanel({ run }: { run: ActionRun }) {
  const { plan } = run;
  const planned = run.status === 'planned';
  return (
    <div
      className="plan-panel"
      data-testid={TestIds.planPanel}
      data-plan-id={plan.id}
      data-kind={plan.kind}
      data-target={plan.target}
      data-status={run.status}
      data-blocked={planBlockers(plan).length > 0}
    >
      <div className="plan-head">
        <h3>
          {planned ? 'Plan (dry run): ' : ''}
          {/* A locking action's one step names its gid or pid: "Commit "g1" on n1". */}
          {(isLockingAction(plan.kind) ? plan.steps[0]?.title : undefined) ?? describeAction(plan.kind, plan.target)}
        </h3>
        <span className="muted small">planned {formatDateTime(plan.createdAt)}</span>
        <span className="spacer" />
        {run.status !== 'running' && (
          <button className="link-button" data-testid={TestIds.planClose} onClick={() => openPlan(null)}>
            close ✕
          </button>
        )}
      </div>
      {run.status === 'interrupted' && run.advice && (
        <div className="banner bad" data-testid={TestIds.actionAdvice}>
          {run.advice}
        </div>
      )}
      <Expectations run={run} />
      <div className="subsection-title">Pre-flight checks</div>
      <ChecksList checks={plan.checks} />
      <div className="subsection-title">Steps</div>
      <StepsList steps={plan.steps} live={!planned} />
      {planned ? <ConfirmExecute key={plan.id} plan={plan} /> : <RunProgress run={run} />}
    </div>
  );
}
