import type { ActionRequest } from '../../../shared/model/action';
import type { ActionRun } from '../../../shared/ipc/actions';

export type RequestKind = ActionRequest['kind'];

/** Button text for an action on the node it is shown on. */
export const ACTION_LABELS: Record<RequestKind, string> = {
  switchover: 'Switchover to this node',
  failover: 'Fail over to this node',
  fence: 'Fence',
  unfence: 'Unfence',
  rejoin: 'Rejoin as replica',
  'transfer-leadership': 'Make this member leader',
  'commit-prepared': 'COMMIT PREPARED',
  'rollback-prepared': 'ROLLBACK PREPARED',
  'cancel-query': 'Cancel query',
  'terminate-session': 'Terminate session',
  desync: 'Desync (wsrep_desync=ON)',
  resync: 'Resync (wsrep_desync=OFF)',
};

export const ACTION_ORDER: readonly RequestKind[] = ['switchover', 'failover', 'fence', 'unfence', 'rejoin', 'transfer-leadership', 'desync', 'resync'];

/** "switchover to n2", "fence n1". */
export function describeAction(kind: string, target: string): string {
  return kind === 'switchover' || kind === 'failover' ? `${kind} to ${target}` : `${kind} ${target}`;
}

export const STATUS_LABELS: Record<ActionRun['status'], string> = {
  planned: 'planned (not run)',
  running: 'running',
  done: 'done',
  'done-manual': 'done, manual steps left',
  failed: 'failed',
  aborted: 'aborted',
  interrupted: 'interrupted',
};

/** The reason given on confirm, as Recent actions and the run's header show it. */
export function reasonText(reason: string): string {
  return `reason: ${reason}`;
}
