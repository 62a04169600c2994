import type { ActionRun } from '../../../shared/ipc/actions';
import { isLockingAction, nodeLabel } from '../../../shared/model/action';
import { formatClock, formatDateTime, formatMs } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { ChecksList } from './ChecksList';
import { ConfirmExecute } from './ConfirmExecute';
import { IgnorePoolersOffer } from './IgnorePoolersOffer';
import { describeAction, reasonText } from './labels';
import { lossSentence } from './loss-text';
import { planBlockers } from './plan-logic';
import { RunProgress } from './RunProgress';
import { openPlan } from './runs-store';
import { StepsList } from './StepsList';

/** "at least 1.2 KB (1,234 bytes not on n2 as of the reading of n1 at 03:12:04.100 …); writes after it are unknown". */
function LossText({ plan }: { plan: ActionRun['plan'] }) {
  const loss = lossSentence(plan);
  if (loss.bytes === null) return <strong>{loss.headline}</strong>;
  return (
    <>
      <strong>{loss.headline}</strong>
      <span className="muted"> ({loss.detail})</span>
    </>
  );
}

function Unavailability({ plan }: { plan: ActionRun['plan'] }) {
  const now = useNow(1_000);
  const since = plan.writesDownSince ?? null;
  if (since !== null) {
    return (
      <div className="plan-unavail" data-testid={TestIds.planUnavailable} data-ms={plan.expectedUnavailableMs ?? ''} data-down-since={since}>
        Writes down since <strong>{formatMs(Math.max(0, now - since))}</strong>
        <span className="muted">
          {' '}
          (the primary stopped answering at {formatClock(since)}
          {plan.expectedUnavailableMs !== null && <>; a promoted replica accepts writes ~{formatMs(plan.expectedUnavailableMs)} after the call</>})
        </span>
      </div>
    );
  }
  return (
    <div className="plan-unavail" data-testid={TestIds.planUnavailable} data-ms={plan.expectedUnavailableMs ?? ''}>
      Expected write-unavailability: <strong>{plan.expectedUnavailableMs === null ? 'unknown' : formatMs(plan.expectedUnavailableMs)}</strong>
      {plan.expectedUnavailableMs !== null && <span className="muted"> (an estimate from this engine's benchmark on loopback, not a reading)</span>}
    </div>
  );
}

function Expectations({ run }: { run: ActionRun }) {
  const { plan } = run;
  return (
    <div className="plan-expect">
      {plan.kind === 'failover' && (
        <div className="plan-loss" data-testid={TestIds.planDataLoss} data-bytes={plan.expectedDataLossBytes ?? ''} data-measured-at={plan.expectedDataLoss?.measuredAt ?? ''}>
          Expected data loss: <LossText plan={plan} />
        </div>
      )}
      <Unavailability plan={plan} />
    </div>
  );
}

/** Before confirmation: what ReplicaDesk cannot finish, said up front. */
function ManualNote({ plan }: { plan: ActionRun['plan'] }) {
  const manual = plan.steps.filter((s) => s.manual);
  if (manual.length === 0) return null;
  return (
    <div className="plan-manual" data-testid={TestIds.planManual} data-count={manual.length}>
      ReplicaDesk cannot finish this {plan.kind}: the last {manual.length} steps (marked <em>by hand</em>) need the old primary&apos;s host. Run them
      yourself after the action; it ends &ldquo;done, {manual.length} manual steps left&rdquo; and turns done once the node streams from{' '}
      {plan.nodeNames?.[plan.target] ?? plan.target}.
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
          {(isLockingAction(plan.kind) ? plan.steps[0]?.title : undefined) ?? describeAction(plan.kind, nodeLabel(plan, plan.target, true))}
        </h3>
        <span className="muted small">planned {formatDateTime(plan.createdAt)}</span>
        {plan.reason && <span className="small action-reason" data-testid="plan-reason">{reasonText(plan.reason)}</span>}
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
      {planned && <ManualNote plan={plan} />}
      <div className="subsection-title">Pre-flight checks</div>
      <ChecksList checks={plan.checks} />
      {planned && <IgnorePoolersOffer plan={plan} />}
      <div className="subsection-title">Steps</div>
      <StepsList steps={plan.steps} live={!planned} />
      {planned ? <ConfirmExecute key={plan.id} plan={plan} /> : <RunProgress run={run} />}
    </div>
  );
}
