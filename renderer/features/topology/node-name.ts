import type { TopologyState } from './store';
import { useTopology } from './store';

/**
 * One display name per node, everywhere: the name in the newest sample (the admin's alias or the
 * node's cluster_name), else the node id (its address) for a node the sample no longer holds.
 */
export function selectNodeName(s: TopologyState, clusterId: string, nodeId: string): string {
  return s.byCluster[clusterId]?.nodes.byId[nodeId]?.name || nodeId;
}

/** The node's address as ReplicaDesk reaches it (its id when the sample does not say). */
export function selectNodeAddress(s: TopologyState, clusterId: string, nodeId: string): string {
  return s.byCluster[clusterId]?.nodes.byId[nodeId]?.address || nodeId;
}

/** Outside React (formatters, commands): the display name now. */
export function nodeName(clusterId: string, nodeId: string): string {
  return selectNodeName(useTopology.getState(), clusterId, nodeId);
}

/** In a component: re-renders only when this node's display name changes. */
export function useNodeName(clusterId: string, nodeId: string): string {
  return useTopology((s) => selectNodeName(s, clusterId, nodeId));
}

export function useNodeAddress(clusterId: string, nodeId: string): string {
  return useTopology((s) => selectNodeAddress(s, clusterId, nodeId));
}

/** "n2 → n3" for a link id `${from}->${to}`. */
export function linkName(clusterId: string, from: string, to: string): string {
  return `${nodeName(clusterId, from)} → ${nodeName(clusterId, to)}`;
}
