import type { DeskApi } from '../../../shared/ipc/api';
import { ActionRequestSchema, type ActionRequest } from '../../../shared/model/action';
import { parseOrFail } from '../../../shared/validate';
import { setAvailability, toByNode } from './available-store';
import { setAborting, setExecute, setPlanRequest, useRequests } from './request-store';
import { rememberRequest } from './sent-requests';
import { openPlan, upsertRuns } from './runs-store';

type Api = Pick<DeskApi, 'invoke'>;

/** Asks which actions each node supports right now. */
export async function refreshAvailable(api: Api, clusterId: string, now: () => number = Date.now): Promise<void> {
  const r = await api.invoke('actions:available', { clusterId });
  setAvailability(clusterId, r.ok ? { kind: 'ready', byNode: toByNode(r.value), at: now() } : { kind: 'failed', reason: r.reason, code: r.code, at: now() });
}

/** Loads recent actions (on start and after a reconnect), interrupted ones included. */
export async function loadRuns(api: Api): Promise<void> {
  const r = await api.invoke('actions:list', {});
  if (r.ok) upsertRuns(r.value);
  else console.warn(`[replicadesk] actions:list failed: ${r.reason}`);
}

/** A dry run: validates the request with the shared schema, asks for a plan, and opens it. */
export async function requestPlan(api: Api, candidate: unknown): Promise<void> {
  const parsed = parseOrFail(ActionRequestSchema, candidate, 'action request');
  if (!parsed.ok) {
    setPlanRequest({ kind: 'failed', request: null, reason: parsed.reason, code: parsed.code });
    return;
  }
  const request: ActionRequest = parsed.value;
  setPlanRequest({ kind: 'planning', request });
  const r = await api.invoke('actions:plan', request);
  if (!r.ok) {
    setPlanRequest({ kind: 'failed', request, reason: r.reason, code: r.code });
    return;
  }
  upsertRuns([r.value]);
  rememberRequest(r.value.plan.id, request);
  setExecute({ kind: 'idle' });
  setPlanRequest({ kind: 'idle' });
  openPlan(r.value.plan.id);
}

/** Runs a planned action; the server checks the typed name again and says why it refuses. */
export async function executePlan(api: Api, planId: string, confirmName: string, reason = '', before?: () => Promise<{ ok: true } | { ok: false; reason: string; code: string }>): Promise<void> {
  if (useRequests.getState().execute.kind === 'sending') return;
  setExecute({ kind: 'sending', planId });
  const pre = before ? await before() : null; // e.g. the silence the admin asked for, before anything runs
  if (pre && !pre.ok) return setExecute({ kind: 'refused', planId, reason: pre.reason, code: pre.code });
  const r = await api.invoke('actions:execute', { planId, confirmName, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  if (!r.ok) {
    setExecute({ kind: 'refused', planId, reason: r.reason, code: r.code });
    return;
  }
  upsertRuns([r.value]);
  setExecute({ kind: 'idle' });
}

export async function abortRun(api: Api, planId: string): Promise<void> {
  setAborting(planId, 'sent');
  const r = await api.invoke('actions:abort', { planId });
  setAborting(planId, r.ok && r.value.aborting ? 'accepted' : 'not-running');
}
