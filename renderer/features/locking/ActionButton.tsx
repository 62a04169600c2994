import type { LockingActionKind } from '../../../shared/model/action';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { ACTION_LABELS } from '../failover/labels';
import { useRequests } from '../failover/request-store';
import { planLockingAction, type LockingTarget } from './commands';

const DANGER: ReadonlySet<LockingActionKind> = new Set(['rollback-prepared', 'terminate-session']);

/** Asks for a dry-run plan of one locking action; the plan opens in the Actions panel below. */
export function ActionButton(props: { clusterId: string; nodeId: string; kind: LockingActionKind; what: LockingTarget; disabledWhy?: string | null }) {
  const { clusterId, nodeId, kind, what, disabledWhy = null } = props;
  const api = useApi();
  const planning = useRequests((s) => s.plan.kind === 'planning');
  return (
    <button
      className={`locking-action${DANGER.has(kind) ? ' danger' : ''}`}
      disabled={planning || disabledWhy !== null}
      title={disabledWhy ?? `Plan it first: a dry run on ${nodeId} shows the checks (who it unblocks) and the exact SQL`}
      data-testid={TestIds.lockingAction}
      data-kind={kind}
      data-node-id={nodeId}
      data-gid={'gid' in what ? what.gid : undefined}
      data-pid={'pid' in what ? what.pid : undefined}
      onClick={() => void planLockingAction(api, clusterId, kind, nodeId, what)}
    >
      {ACTION_LABELS[kind]}…
    </button>
  );
}
