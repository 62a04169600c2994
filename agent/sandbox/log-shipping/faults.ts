import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { applyLinkFault } from '../common/link-faults';
import type { PrimaryReplicaCore } from './cluster';

/**
 * Faults on the log-shipping sandbox. Link faults without `from` act on every
 * link into `to` (its replication stream, whoever its upstream is).
 */
export function prFault(core: PrimaryReplicaCore, fault: SandboxFault): Result<unknown> {
  switch (fault.kind) {
    case 'kill-node': {
      const node = core.node(fault.nodeId);
      if (!node) return fail('unknown-node', `no node "${fault.nodeId}" in this sandbox`);
      if (!node.alive) return fail('already-down', `${node.id} is already down`);
      node.crash();
      core.net.setNodeUp(node.id, false);
      core.emit('node-down', 'critical', node.id, `${node.id} was killed (fault)`);
      return ok({ detail: `killed ${node.id}` });
    }
    case 'restart-node': {
      const node = core.node(fault.nodeId);
      if (!node) return fail('unknown-node', `no node "${fault.nodeId}" in this sandbox`);
      if (node.alive) return fail('already-up', `${node.id} is already running`);
      core.net.setNodeUp(node.id, true);
      node.restart(core.sched.now());
      core.emit('node-up', 'info', node.id, `${node.id} restarted as ${core.roleOf(node)}`);
      return ok({ detail: `restarted ${node.id} as ${core.roleOf(node)}` });
    }
    case 'slow-link':
    case 'cut-link':
    case 'heal-link':
      return applyLinkFault(core.net, core.nodeIds, fault, false);
    case 'write-rate':
      core.workload.setRate(fault.writesPerSecond);
      return ok({ detail: `background writes: ${fault.writesPerSecond}/s` });
    case 'same-key':
      return fail('unsupported', 'same-key needs a multi-primary sandbox (this one has a single writable primary)');
    default:
      return assertNever(fault, 'fault');
  }
}
