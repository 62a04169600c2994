import { useTopology } from '../topology/store';

/** A node as the topology names it ("standby1"), its id on hover; the id when the topology does not know it. */
export function NodeName({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const name = useTopology((s) => s.byCluster[clusterId]?.nodes.byId[nodeId]?.name);
  return (
    <span className="node-name" title={nodeId}>
      {name && name !== nodeId ? name : nodeId}
    </span>
  );
}
