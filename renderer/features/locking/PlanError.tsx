import { isLockingAction } from '../../../shared/model/action';
import { TestIds } from '../../testids';
import { useRequests } from '../failover/request-store';

/** A locking plan request the core refused (or that is still being planned). */
export function PlanError({ clusterId }: { clusterId: string }) {
  const plan = useRequests((s) => s.plan);
  if (plan.kind === 'idle') return null;
  const req = plan.request;
  if (req !== null && (req.clusterId !== clusterId || !isLockingAction(req.kind))) return null;
  if (plan.kind === 'planning') return <div className="muted small">Planning {plan.request.kind} on {plan.request.target} (dry run)…</div>;
  return (
    <div className="form-error" data-testid={TestIds.lockingPlanError} data-code={plan.code}>
      Plan refused: {plan.reason}
    </div>
  );
}
