import type { DeskApi } from '../../../shared/ipc/api';
import type { Cluster, ClusterSpec } from '../../../shared/model/cluster';
import type { Result } from '../../../shared/result';
import { forgetClusters } from '../../app/connect-stores';
import { selectCluster, upsertClusters } from './store';

/** Adds a cluster; on success it appears (and is selected) at once, before the next delta. */
export async function addCluster(api: Pick<DeskApi, 'invoke'>, spec: ClusterSpec): Promise<Result<Cluster>> {
  const result = await api.invoke('clusters:add', spec);
  if (result.ok) {
    upsertClusters([result.value]);
    selectCluster(result.value.id);
  }
  return result;
}

/** "Edit connection…": the same cluster (same id) on a new spec; secrets left empty keep the stored ones of the same entries. */
export async function editCluster(api: Pick<DeskApi, 'invoke'>, clusterId: string, spec: ClusterSpec): Promise<Result<Cluster>> {
  const result = await api.invoke('clusters:edit', { clusterId, spec });
  if (result.ok) upsertClusters([result.value]);
  return result;
}

export async function removeCluster(api: Pick<DeskApi, 'invoke'>, clusterId: string): Promise<Result<{ removed: boolean }>> {
  const result = await api.invoke('clusters:remove', { clusterId });
  if (result.ok) forgetClusters([clusterId]);
  return result;
}

/** Changes how often the cluster is sampled (250 ms to 60 s). */
export async function setSampleInterval(api: Pick<DeskApi, 'invoke'>, clusterId: string, sampleIntervalMs: number): Promise<Result<Cluster>> {
  const result = await api.invoke('clusters:setInterval', { clusterId, sampleIntervalMs });
  if (result.ok) upsertClusters([result.value]);
  return result;
}

/** Gives a node a display name (null or empty clears it); the core puts it in every sample from the next one. */
export async function setNodeAlias(api: Pick<DeskApi, 'invoke'>, clusterId: string, nodeId: string, alias: string | null): Promise<Result<{ aliases: Record<string, string> }>> {
  return api.invoke('clusters:setAlias', { clusterId, nodeId, alias: alias === null || alias.trim() === '' ? null : alias.trim() });
}
