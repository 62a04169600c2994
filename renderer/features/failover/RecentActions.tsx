import { nodeLabel } from '../../../shared/model/action';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatDateTime } from '../../lib/format';
import { TestIds } from '../../testids';
import { describeAction, reasonText, STATUS_LABELS } from './labels';
import { useClusters } from '../clusters/store';
import { openPlan, orphanRunIds, recentRunIds, useRuns } from './runs-store';

const ActionItem = memo(function ActionItem({ id }: { id: string }) {
  const run = useRuns((s) => s.byId[id]);
  const open = useRuns((s) => s.openPlanId === id);
  const clusterKnown = useClusters((s) => run !== undefined && s.byId[run.plan.clusterId] !== undefined);
  if (!run) return null;
  const { plan } = run;
  const failed = plan.steps.find((s) => s.state === 'failed');
  return (
    <li
      className={`action-item status-${run.status}${open ? ' open' : ''}`}
      data-testid={TestIds.actionItem}
      data-plan-id={id}
      data-status={run.status}
      data-kind={plan.kind}
    >
      <button className="link-button action-open" onClick={() => openPlan(id)} title="Show its steps">
        {formatDateTime(plan.createdAt)}
      </button>
      <span className="action-what">{describeAction(plan.kind, nodeLabel(plan, plan.target, true))}</span>
      {!clusterKnown && <span className="muted small">on {plan.clusterId} (no longer monitored)</span>}
      <span className={`run-status status-${run.status}`}>{STATUS_LABELS[run.status]}</span>
      {failed && <span className="error-text small">at {failed.title}</span>}
      {plan.reason && <span className="muted small action-reason" data-testid="action-reason">{reasonText(plan.reason)}</span>}
      {run.status === 'interrupted' && (
        <div className="banner bad action-advice" data-testid={TestIds.actionAdvice}>
          <strong>The app stopped during this action.</strong> {run.advice ?? 'Check the cluster before retrying.'}
        </div>
      )}
    </li>
  );
});

/** Actions of this cluster that ran or were interrupted, newest first, then interrupted ones of clusters gone since. */
export function RecentActions({ clusterId }: { clusterId: string }) {
  const ids = useRuns(useShallow((s) => recentRunIds(s, clusterId)));
  const clusterIds = useClusters((s) => s.ids);
  const orphans = useRuns(useShallow((s) => orphanRunIds(s, clusterIds)));
  return (
    <>
      <ul className="action-list" data-testid={TestIds.actionList} data-count={ids.length}>
        {ids.length === 0 && <li className="muted small">No actions have run on this cluster.</li>}
        {ids.map((id) => (
          <ActionItem key={id} id={id} />
        ))}
      </ul>
      {orphans.length > 0 && (
        <>
          <div className="subsection-title">Interrupted on clusters no longer monitored</div>
          <ul className="action-list">
            {orphans.map((id) => (
              <ActionItem key={id} id={id} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
