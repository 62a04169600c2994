import { NodeLabel } from '../topology/NodeLabel';

/** A node as the topology names it ("standby1"), its address on hover: the app's one NodeLabel. */
export function NodeName({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  return <NodeLabel clusterId={clusterId} nodeId={nodeId} />;
}
