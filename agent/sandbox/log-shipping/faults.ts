import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { applyLinkFault } from '../common/link-faults';
import { killNode, restartNode, type NodeFaultOps } from '../common/node-faults';
import type { PrimaryReplicaCore } from './cluster';

/**
 * Faults on the log-shipping sandbox. Link faults without `from` act on every
 * link into `to` (its replication stream, whoever its upstream is).
 */
export function prFault(core: PrimaryReplicaCore, fault: SandboxFault): Result<unknown> {
  const ops: NodeFaultOps<NonNullable<ReturnType<PrimaryReplicaCore['node']>>> = {
    core,
    find: (id) => core.node(id),
    unknown: (id) => `no node "${id}" in this sandbox`,
    crash: (node) => {
      node.crash();
      return '';
    },
    restart: (node) => {
      node.restart(core.sched.now());
      return ` as ${core.roleOf(node)}`;
    },
  };
  switch (fault.kind) {
    case 'kill-node':
      return killNode(ops, fault.nodeId);
    case 'restart-node':
      return restartNode(ops, fault.nodeId);
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
