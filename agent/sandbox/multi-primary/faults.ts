import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { applyLinkFault } from '../common/link-faults';
import type { MultiPrimaryCore } from './cluster';

/** Faults on the multi-primary sandbox. Link faults are symmetric: a cut separates two peers both ways. */
export function mpFault(core: MultiPrimaryCore, fault: SandboxFault): Result<unknown> {
  switch (fault.kind) {
    case 'kill-node': {
      const peer = core.peer(fault.nodeId);
      if (!peer) return fail('unknown-node', `no node "${fault.nodeId}" in this sandbox`);
      if (!peer.alive) return fail('already-down', `${peer.id} is already down`);
      peer.crash();
      core.net.setNodeUp(peer.id, false);
      core.emit('node-down', 'critical', peer.id, `${peer.id} was killed (fault)`);
      return ok({ detail: `killed ${peer.id}` });
    }
    case 'restart-node': {
      const peer = core.peer(fault.nodeId);
      if (!peer) return fail('unknown-node', `no node "${fault.nodeId}" in this sandbox`);
      if (peer.alive) return fail('already-up', `${peer.id} is already running`);
      core.net.setNodeUp(peer.id, true);
      peer.restart(core.sched.now());
      core.emit('node-up', 'info', peer.id, `${peer.id} restarted`);
      return ok({ detail: `restarted ${peer.id}` });
    }
    case 'slow-link':
    case 'cut-link':
    case 'heal-link':
      return applyLinkFault(core.net, core.nodeIds, fault, true);
    case 'write-rate':
      core.workload.setRate(fault.writesPerSecond);
      return ok({ detail: `background writes: ${fault.writesPerSecond}/s` });
    case 'same-key':
      return core.workload.sameKey(fault.nodeIds[0], fault.nodeIds[1], fault.key);
    default:
      return assertNever(fault, 'fault');
  }
}
