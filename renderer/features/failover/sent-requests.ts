import { create } from 'zustand';
import type { ActionRequest } from '../../../shared/model/action';

/** The request each plan of this page answered: "plan again with …" keeps its limits. */
export const useSentRequests = create<{ byPlan: Readonly<Record<string, ActionRequest>> }>(() => ({ byPlan: {} }));

export function rememberRequest(planId: string, request: ActionRequest): void {
  useSentRequests.setState((s) => ({ byPlan: { ...s.byPlan, [planId]: request } }));
}
