import type { DeskApi } from '../../../shared/ipc/api';
import type { ActionPlan } from '../../../shared/model/action';
import { AlertIds } from './ids';
import { minutes } from './use-alerts';

/** Margin added to the plan's expected unavailability: steps, checks and replicas catching up take longer than the write outage. */
export const SILENCE_MARGIN_MS = 5 * 60_000;

export function silenceDurationMs(plan: Pick<ActionPlan, 'expectedUnavailableMs'>): number {
  return (plan.expectedUnavailableMs ?? 0) + SILENCE_MARGIN_MS;
}

/** The confirm box's offer to silence the cluster's alerts for the action's expected duration. */
export function SilenceOffer({ plan, checked, onChange }: { plan: ActionPlan; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="action-reason small">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={AlertIds.silenceOffer} />
      Silence this cluster&apos;s alerts for {minutes(silenceDurationMs(plan))} (expected {plan.expectedUnavailableMs === null ? 'unavailability unknown' : `${plan.expectedUnavailableMs} ms unavailable`} + 5 min)
    </label>
  );
}

/** Creates that silence before the action runs; says why when it could not. */
export async function silenceForPlan(api: Pick<DeskApi, 'invoke'>, plan: ActionPlan, reason: string) {
  return api.invoke('alerts:silence', { clusterId: plan.clusterId, nodeId: null, durationMs: silenceDurationMs(plan), reason: `${plan.kind} of ${plan.target}${reason ? `: ${reason}` : ' (planned action)'}` });
}
