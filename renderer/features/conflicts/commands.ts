import type { DeskApi } from '../../../shared/ipc/api';
import type { ResolveChoice } from '../../../shared/ipc/conflicts';
import type { PolicyRequest } from '../../../shared/ipc/conflict-policy';
import { noteConvergence, replaceConflicts, setPolicyOf, upsertConflicts } from './store';

type Api = Pick<DeskApi, 'invoke'>;

export function previewChoice(api: Api, conflictId: string, choice: ResolveChoice) {
  return api.invoke('conflicts:preview', { conflictId, choice });
}

/** Resolves, then upserts the resolved conflict at once (the delta confirms it). */
export async function resolveConflict(api: Api, conflictId: string, choice: ResolveChoice) {
  const r = await api.invoke('conflicts:resolve', { conflictId, choice });
  if (r.ok) {
    noteConvergence(conflictId, r.value.convergence);
    upsertConflicts([r.value.conflict], { notify: false });
  }
  return r;
}

export function previewPolicy(api: Api, clusterId: string, policy: PolicyRequest, conflictIds?: string[]) {
  return api.invoke('conflicts:previewPolicy', { clusterId, policy, ...(conflictIds ? { conflictIds } : {}) });
}

export async function switchPolicyOn(api: Api, clusterId: string, policy: PolicyRequest) {
  const r = await api.invoke('conflicts:setPolicy', { clusterId, policy });
  if (r.ok) setPolicyOf(clusterId, r.value.policy);
  return r;
}

export function bulkResolve(api: Api, clusterId: string, policy: PolicyRequest, conflictIds: string[]) {
  return api.invoke('conflicts:bulkResolve', { clusterId, policy, conflictIds });
}

/** Loads every open conflict and the history (on start and after every reconnect). */
export async function loadConflicts(api: Api): Promise<void> {
  const r = await api.invoke('conflicts:list', {});
  if (r.ok) replaceConflicts(r.value.conflicts, r.value.policies);
  else console.warn(`[replicadesk] conflicts:list failed: ${r.reason}`);
}
