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
