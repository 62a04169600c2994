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

/** `table`: only that table's open conflicts. */
export function previewPolicy(api: Api, clusterId: string, policy: PolicyRequest, conflictIds?: string[], table?: string) {
  return api.invoke('conflicts:previewPolicy', { clusterId, policy, ...(conflictIds ? { conflictIds } : {}), ...(table ? { table } : {}) });
}

/** Without `table`: the cluster's policy (the engine's own where it has one, else the app's for every table). With `table`: the app applies it to that table. */
export async function switchPolicyOn(api: Api, clusterId: string, policy: PolicyRequest, table?: string) {
  const r = await api.invoke('conflicts:setPolicy', { clusterId, policy, ...(table ? { table } : {}) });
  if (r.ok) setPolicyOf(clusterId, r.value.policy, table);
  return r;
}

export function bulkResolve(api: Api, clusterId: string, policy: PolicyRequest, conflictIds: string[]) {
  return api.invoke('conflicts:bulkResolve', { clusterId, policy, conflictIds });
}

/** Loads every open conflict and the history (on start and after every reconnect). */
export async function loadConflicts(api: Api): Promise<void> {
  const r = await api.invoke('conflicts:list', {});
  if (r.ok) replaceConflicts(r.value.conflicts, r.value.policies, r.value.tablePolicies);
  else console.warn(`[replicadesk] conflicts:list failed: ${r.reason}`);
}
