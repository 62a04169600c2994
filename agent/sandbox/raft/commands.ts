import { assertNever, fail, ok, type Result } from '../../../shared/result';
import type { NodeCommand } from '../common/core';
import type { RaftCore } from './cluster';
import { propose, startTransfer } from './leader';
import type { RaftNode } from './node';

const COMMIT_WAIT_MS = 2_000;
const TRANSFER_WAIT_MS = 3_000;

function notLeader(core: RaftCore, node: RaftNode): Result<never> {
  const leader = node.leaderId ? core.member(node.leaderId) : undefined;
  const where = leader
    ? `the leader is ${leader.id} (term ${node.currentTerm})`
    : 'no leader is known right now (election in progress)';
  return fail('not-leader', `${node.id} is a ${node.role}: writes go through the leader; ${where}`);
}

export function raftCommand(core: RaftCore, nodeId: string, cmd: NodeCommand): Result<unknown> | Promise<Result<unknown>> {
  const node = core.member(nodeId);
  if (!node) return fail('unknown-node', `no member "${nodeId}" in this group`);
  switch (cmd.name) {
    case 'write':
      return write(core, node, cmd.key, cmd.value);
    case 'read':
      return ok({ key: cmd.key, value: node.state.get(cmd.key) ?? null, appliedIndex: String(node.lastApplied), stale: node.role !== 'leader' });
    case 'transferLeadership':
      return transfer(core, node, cmd.to);
    case 'promote':
    case 'fence':
    case 'unfence':
    case 'repoint':
    case 'rejoin':
      return fail('unsupported', `${cmd.name} does not apply to a Raft group: use transferLeadership`);
    case 'resolveConflict':
    case 'resolveConflicts':
    case 'readKeys':
    case 'setConflictPolicy':
      return fail('unsupported', `${cmd.name} needs a multi-primary cluster; a Raft group has no conflicts`);
    default:
      return assertNever(cmd, 'command');
  }
}

/** Appends on the leader and answers once the entry is committed and applied (or not). */
async function write(core: RaftCore, node: RaftNode, key: string, value: unknown): Promise<Result<unknown>> {
  if (node.role !== 'leader') return notLeader(core, node);
  if (node.transfer) return fail('transfer-in-progress', `${node.id} is handing leadership to ${node.transfer.to}; retry shortly`);
  const entry = propose(node, key, value);
  const done = () => !node.alive || node.currentTerm !== entry.term || node.lastApplied >= entry.index;
  await core.sched.waitUntil(done, COMMIT_WAIT_MS);
  const kept = node.log.entry(entry.index)?.id === entry.id || (node.log.snapshotIndex >= entry.index && node.currentTerm === entry.term);
  if (node.alive && node.commitIndex >= entry.index && kept) {
    return ok({ key, index: String(entry.index), term: String(entry.term) });
  }
  if (node.currentTerm !== entry.term || !node.alive) {
    return fail('not-committed', `${node.id} lost leadership before index ${entry.index} committed; the write may be lost`);
  }
  return fail('commit-timeout', `no majority stored index ${entry.index} within ${COMMIT_WAIT_MS} ms (partitioned leader?)`);
}

async function transfer(core: RaftCore, node: RaftNode, to: string): Promise<Result<unknown>> {
  if (node.role !== 'leader') return notLeader(core, node);
  if (!core.member(to)) return fail('unknown-node', `no member "${to}" in this group`);
  if (to === node.id) return fail('invalid-target', `${to} is already the leader`);
  startTransfer(node, to);
  const moved = await core.sched.waitUntil(() => core.leader()?.id === to, TRANSFER_WAIT_MS);
  const leader = core.leader();
  if (moved && leader) return ok({ leader: leader.id, term: String(leader.currentTerm) });
  return fail('transfer-timeout', `${to} did not take over within ${TRANSFER_WAIT_MS} ms (down or cut off?)`);
}
