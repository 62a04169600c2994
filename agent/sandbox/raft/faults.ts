import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { applyLinkFault } from '../common/link-faults';
import type { RaftCore } from './cluster';

/** Faults on the Raft group. Link faults are symmetric: without `from`, the member is isolated. */
export function raftFault(core: RaftCore, fault: SandboxFault): Result<unknown> {
  switch (fault.kind) {
    case 'kill-node': {
      const node = core.member(fault.nodeId);
      if (!node) return fail('unknown-node', `no member "${fault.nodeId}" in this group`);
      if (!node.alive) return fail('already-down', `${node.id} is already down`);
      const wasLeader = node.role === 'leader';
      node.crash();
      core.net.setNodeUp(node.id, false);
      core.emit('node-down', 'critical', node.id, `${node.id} was killed (fault)${wasLeader ? ': it was the leader' : ''}`);
      return ok({ detail: `killed ${node.id}` });
    }
    case 'restart-node': {
      const node = core.member(fault.nodeId);
      if (!node) return fail('unknown-node', `no member "${fault.nodeId}" in this group`);
      if (node.alive) return fail('already-up', `${node.id} is already running`);
      core.net.setNodeUp(node.id, true);
      node.restart();
      core.emit('node-up', 'info', node.id, `${node.id} restarted (term ${node.currentTerm}, log up to ${node.log.lastIndex})`);
      return ok({ detail: `restarted ${node.id}` });
    }
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
