import { TestIds } from '../../testids';
import { useNodeAddress, useNodeName } from './node-name';

export interface NodeLabelViewProps {
  nodeId: string;
  name: string;
  address: string;
  /** Show the address as a small grey suffix (it is always in the tooltip). */
  withAddress?: boolean;
}

/** A node by its display name, with its address in the tooltip (and beside it where that helps). */
export function NodeLabelView({ nodeId, name, address, withAddress = false }: NodeLabelViewProps) {
  const differs = name !== address;
  return (
    <span className="node-label" data-testid={TestIds.nodeLabel} data-node-id={nodeId} title={differs ? `${name} (${address})` : address}>
      {name}
      {withAddress && differs && <span className="node-label-address">{address}</span>}
    </span>
  );
}

export function NodeLabel({ clusterId, nodeId, withAddress }: { clusterId: string; nodeId: string; withAddress?: boolean }) {
  const name = useNodeName(clusterId, nodeId);
  const address = useNodeAddress(clusterId, nodeId);
  return <NodeLabelView nodeId={nodeId} name={name} address={address} withAddress={withAddress} />;
}
