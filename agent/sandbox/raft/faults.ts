import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { applyLinkFault } from '../common/link-faults';
import { killNode, restartNode, type NodeFaultOps } from '../common/node-faults';
import type { RaftCore } from './cluster';

/** Faults on the Raft group. Link faults are symmetric: without `from`, the member is isolated. */
export function raftFault(core: RaftCore, fault: SandboxFault): Result<unknown> {
  const ops: NodeFaultOps<NonNullable<ReturnType<RaftCore['member']>>> = {
    core,
    find: (id) => core.member(id),
    unknown: (id) => `no member "${id}" in this group`,
    crash: (node) => {
      const wasLeader = node.role === 'leader';
      node.crash();
      return wasLeader ? ': it was the leader' : '';
    },
    restart: (node) => {
      node.restart();
      return ` (term ${node.currentTerm}, log up to ${node.log.lastIndex})`;
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
      return applyLinkFault(core.net, core.nodeIds, fault, true);
    case 'write-rate':
      core.workload.setRate(fault.writesPerSecond);
      return ok({ detail: `background writes: ${fault.writesPerSecond}/s` });
    case 'same-key':
      return fail('unsupported', 'same-key needs a multi-primary sandbox: a Raft group orders every write');
    default:
      return assertNever(fault, 'fault');
  }
}
