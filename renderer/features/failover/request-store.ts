import { create } from 'zustand';
import type { ActionRequest } from '../../../shared/model/action';

/** The last plan request (the dry run) and the last execute/abort, with the server's reason when refused. */
export type PlanRequest =
  | { kind: 'idle' }
  | { kind: 'planning'; request: ActionRequest }
  | { kind: 'failed'; request: ActionRequest | null; reason: string; code: string };

export type ExecuteState =
  | { kind: 'idle' }
  | { kind: 'sending'; planId: string }
  | { kind: 'refused'; planId: string; reason: string; code: string };

export interface RequestState {
  plan: PlanRequest;
  execute: ExecuteState;
  /** Plan ids whose abort was requested; the core answers whether it will take effect. */
  aborting: Readonly<Record<string, 'sent' | 'accepted' | 'not-running'>>;
}

export const useRequests = create<RequestState>(() => ({ plan: { kind: 'idle' }, execute: { kind: 'idle' }, aborting: {} }));

export function setPlanRequest(plan: PlanRequest): void {
  useRequests.setState({ plan });
}

export function setExecute(execute: ExecuteState): void {
  useRequests.setState({ execute });
}

export function setAborting(planId: string, state: 'sent' | 'accepted' | 'not-running'): void {
  useRequests.setState((s) => ({ aborting: { ...s.aborting, [planId]: state } }));
}

/** The refusal to show for a plan, if its last execute was refused. */
export function refusalFor(s: RequestState, planId: string): { reason: string; code: string } | null {
  return s.execute.kind === 'refused' && s.execute.planId === planId ? { reason: s.execute.reason, code: s.execute.code } : null;
}
