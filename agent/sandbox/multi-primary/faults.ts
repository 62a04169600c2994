import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever, ok, type Result } from '../../../shared/result';
import { applyLinkFault } from '../common/link-faults';
import { killNode, restartNode, type NodeFaultOps } from '../common/node-faults';
import type { MultiPrimaryCore } from './cluster';

/** Faults on the multi-primary sandbox. Link faults are symmetric: a cut separates two peers both ways. */
export function mpFault(core: MultiPrimaryCore, fault: SandboxFault): Result<unknown> {
  const ops: NodeFaultOps<NonNullable<ReturnType<MultiPrimaryCore['peer']>>> = {
    core,
    find: (id) => core.peer(id),
    unknown: (id) => `no node "${id}" in this sandbox`,
    crash: (peer) => {
      peer.crash();
      return '';
    },
    restart: (peer) => {
      peer.restart(core.sched.now());
      return '';
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
      return core.workload.sameKey(fault.nodeIds[0], fault.nodeIds[1], fault.key);
    default:
      return assertNever(fault, 'fault');
  }
}
