import { useTopology } from '../topology/store';

/** The nodes of a cluster's newest sample (id and display name), for pickers and labels. */
export function useClusterNodes(clusterId: string): { id: string; name: string }[] {
  const nodes = useTopology((s) => s.byCluster[clusterId]?.nodes);
  return (nodes?.ids ?? []).map((id) => ({ id, name: nodes?.byId[id]?.name || id }));
}

export function useClusterNodeName(clusterId: string): (id: string) => string {
  const nodes = useClusterNodes(clusterId);
  return (id) => nodes.find((n) => n.id === id)?.name ?? id;
}
