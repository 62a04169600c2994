import type { NodeStatus } from '../../../shared/model/node';

const ROLE_LABEL: Record<string, string> = {
  primary: 'PRIMARY',
  replica: 'replica',
  'cascading-replica': 'cascading',
  peer: 'peer',
  leader: 'LEADER',
  follower: 'follower',
  candidate: 'candidate',
  unknown: 'unknown',
};

/** Whether the node answered the last reading: only then is its role current. */
export function answering(status: NodeStatus['kind']): boolean {
  return status === 'up' || status === 'degraded';
}

/**
 * The role as the card prints it. A node that does not answer has no current
 * role, so its last one is shown as the past ("was PRIMARY"), never as now.
 */
export function roleLabel(role: string, status: NodeStatus['kind']): string {
  const label = ROLE_LABEL[role] ?? role;
  return answering(status) ? label : `was ${label}`;
}
