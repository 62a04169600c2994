import type { DeskApi } from '../../../shared/ipc/api';
import type { LockingActionKind } from '../../../shared/model/action';
import type { LockingLimits } from '../../../shared/model/locking';
import { requestPlan } from '../failover/commands';
import { setLimitsSave, setPollFailure, setSnapshot } from './store';

type Api = Pick<DeskApi, 'invoke'>;

/** One reading on request (the panel's first, or after saving limits): the core's latest, or (fresh) every node read now. Never throws. */
export async function fetchLocking(api: Api, clusterId: string, fresh: boolean): Promise<void> {
  try {
    const r = await api.invoke('locking:snapshot', { clusterId, fresh });
    if (r.ok) setSnapshot(clusterId, r.value);
    else setPollFailure(clusterId, r.code, r.reason);
  } catch (e) {
    setPollFailure(clusterId, 'transport', e instanceof Error ? e.message : String(e));
  }
}

/** Saves the warning limits (already validated by the form; the core validates again). */
export async function saveLimits(api: Api, clusterId: string, limits: LockingLimits): Promise<void> {
  setLimitsSave(clusterId, { kind: 'saving' });
  const r = await api.invoke('locking:setLimits', { clusterId, limits });
  if (r.ok) {
    setLimitsSave(clusterId, { kind: 'saved', limits: r.value });
    await fetchLocking(api, clusterId, true);
  } else setLimitsSave(clusterId, { kind: 'failed', reason: `${r.reason} (${r.code})` });
}

export type LockingTarget = { gid: string } | { pid: number };

/** A dry run through the failover feature's plan flow: it opens in the Actions panel with its checks, steps and confirmation. */
export function planLockingAction(api: Api, clusterId: string, kind: LockingActionKind, nodeId: string, what: LockingTarget): Promise<void> {
  return requestPlan(api, { clusterId, kind, target: nodeId, ...what });
}
