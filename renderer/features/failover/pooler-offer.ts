import type { ActionPlan, ActionRequest, PreflightCheck } from '../../../shared/model/action';
import { planBlockers } from './plan-logic';

/** The driver's pooler blockers say this when the ordinary switchover is still possible (pooler-checks.ts). */
const OFFER = "poolers: 'ignore'";

/**
 * The failed pooler blockers of a switchover plan that offer the ordinary
 * switchover (no PAUSE, no re-point): session pooling, no agent to re-point,
 * an unreadable pooler, query_wait_timeout. Empty when there is no such offer.
 */
export function ignorePoolersOffer(plan: Pick<ActionPlan, 'kind' | 'checks'>): PreflightCheck[] {
  if (plan.kind !== 'switchover') return [];
  return planBlockers(plan).filter((c) => c.id.startsWith('pooler:') && c.explanation.includes(OFFER));
}

/** The same request planned again as an ordinary switchover; the plan's own fields when this page did not send it. */
export function ignorePoolersRequest(plan: Pick<ActionPlan, 'clusterId' | 'kind' | 'target'>, sent: ActionRequest | undefined): Record<string, unknown> {
  return { ...(sent ?? { clusterId: plan.clusterId, kind: plan.kind, target: plan.target }), poolers: 'ignore' };
}
