import { fail, ok, type Result } from '../../../shared/result';
import type { SimNetwork } from '../sim/network';
import type { CoreBase } from './core-base';

/**
 * How one engine kills and restarts its nodes. `crash` and `restart` act on
 * the node and return the words their event adds (": it was the leader",
 * " as replica"); the lookup, the already-down/up checks, the network and the
 * event are the same for every engine.
 */
export interface NodeFaultOps<N extends { id: string; alive: boolean }> {
  core: Pick<CoreBase, 'emit'> & { net: Pick<SimNetwork, 'setNodeUp'> };
  find(nodeId: string): N | undefined;
  /** "no node "x" in this sandbox" / "no member "x" in this group". */
  unknown(nodeId: string): string;
  crash(node: N): string;
  restart(node: N): string;
}

export function killNode<N extends { id: string; alive: boolean }>(ops: NodeFaultOps<N>, nodeId: string): Result<{ detail: string }> {
  const node = ops.find(nodeId);
  if (!node) return fail('unknown-node', ops.unknown(nodeId));
  if (!node.alive) return fail('already-down', `${node.id} is already down`);
  const said = ops.crash(node);
  ops.core.net.setNodeUp(node.id, false);
  ops.core.emit('node-down', 'critical', node.id, `${node.id} was killed (fault)${said}`);
  return ok({ detail: `killed ${node.id}` });
}

export function restartNode<N extends { id: string; alive: boolean }>(ops: NodeFaultOps<N>, nodeId: string): Result<{ detail: string }> {
  const node = ops.find(nodeId);
  if (!node) return fail('unknown-node', ops.unknown(nodeId));
  if (node.alive) return fail('already-up', `${node.id} is already running`);
  ops.core.net.setNodeUp(node.id, true);
  const said = ops.restart(node);
  ops.core.emit('node-up', 'info', node.id, `${node.id} restarted${said}`);
  return ok({ detail: `restarted ${node.id}${said}` });
}
