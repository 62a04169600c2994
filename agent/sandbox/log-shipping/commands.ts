import type { AgentCommandName } from '../../../shared/agent/commands';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import type { NodeCommand } from '../common/core';
import { formatLsn } from '../common/position';
import type { PrimaryReplicaCore } from './cluster';
import type { PrNode } from './node';
import { commonPrefixEnd } from './wal';

/**
 * The commands a live node of the log-shipping sandbox implements, whatever its
 * role. A plan checks, when it is made, every command its steps will send to a
 * node, including ones that only make sense after an earlier step changed the
 * node's role (the old primary's rejoin, the promoted replica's repoint), so a
 * list that followed the role (as the Raft sandbox's does, announced in
 * `capabilities` frames) would block such plans. Whether a command makes sense
 * for the node's role now is prCommand's answer.
 */
export function prCapabilities(core: PrimaryReplicaCore, nodeId: string): AgentCommandName[] {
  return core.node(nodeId)?.alive ? ['read', 'write', 'fault', 'promote', 'fence', 'unfence', 'repoint', 'rejoin'] : [];
}

export function prCommand(core: PrimaryReplicaCore, nodeId: string, cmd: NodeCommand): Result<unknown> {
  const node = core.node(nodeId);
  if (!node) return fail('unknown-node', `no node "${nodeId}" in this sandbox`);
  switch (cmd.name) {
    case 'write':
      return write(core, node, cmd.key, cmd.value);
    case 'read':
      return ok({ key: cmd.key, value: node.data.get(cmd.key) ?? null, position: formatLsn(node.pipeline.replayPos) });
    case 'promote':
      return promote(core, node);
    case 'fence':
    case 'unfence':
      if (node.role !== 'primary') return fail('not-a-primary', `${node.id} is a replica: it refuses writes already, there is nothing to ${cmd.name}`);
      node.fenced = cmd.name === 'fence';
      return ok({ nodeId, readOnly: node.fenced || node.role !== 'primary' });
    case 'repoint':
      return repoint(core, node, cmd.upstream);
    case 'rejoin':
      return rejoin(core, node, cmd.upstream);
    case 'transferLeadership':
    case 'resolveConflict':
    case 'resolveConflicts':
    case 'readKeys':
    case 'setConflictPolicy':
      return fail('unsupported', `${cmd.name} needs a ${cmd.name === 'transferLeadership' ? 'consensus' : 'multi-primary'} cluster; this one is primary-replica`);
    default:
      return assertNever(cmd, 'command');
  }
}

function write(core: PrimaryReplicaCore, node: PrNode, key: string, value: unknown): Result<unknown> {
  if (node.role !== 'primary') {
    const primary = core.currentPrimary();
    const where = primary ? `; writes go to the primary (${primary.id})` : '';
    return fail('read-only', `${node.id} is a replica (read-only, in recovery)${where}`);
  }
  if (node.fenced) return fail('read-only', `${node.id} is fenced: writes are refused until it is unfenced`);
  const e = core.commitWrite(node, key, value);
  return ok({ key, position: formatLsn(e.endPos), timeline: e.timeline, committedAt: e.committedAt });
}

function promote(core: PrimaryReplicaCore, node: PrNode): Result<unknown> {
  if (node.role === 'primary') return fail('not-a-replica', `${node.id} is already a primary (timeline ${node.timeline})`);
  core.streams.get(node.id)?.close();
  core.streams.delete(node.id);
  node.promote(++core.maxTimeline);
  core.resetDownstreams(node);
  return ok({ nodeId: node.id, timeline: node.timeline, position: formatLsn(node.wal.endPos) });
}

/** Would following `upstream` make a loop (upstream is downstream of node)? */
function makesCycle(core: PrimaryReplicaCore, node: PrNode, upstream: PrNode): boolean {
  for (let at: PrNode | undefined = upstream, hops = 0; at && hops < core.nodes.size; hops++) {
    if (at === node) return true;
    at = at.upstream ? core.node(at.upstream) : undefined;
  }
  return false;
}

function checkUpstream(core: PrimaryReplicaCore, node: PrNode, upstreamId: string): Result<PrNode> {
  const up = core.node(upstreamId);
  if (!up) return fail('unknown-node', `no node "${upstreamId}" in this sandbox`);
  if (up === node) return fail('invalid-upstream', `${node.id} cannot stream from itself`);
  if (makesCycle(core, node, up)) return fail('invalid-upstream', `${upstreamId} streams from ${node.id}: that would make a loop`);
  return ok(up);
}

function repoint(core: PrimaryReplicaCore, node: PrNode, upstreamId: string): Result<unknown> {
  if (node.role !== 'replica') {
    return fail('not-a-replica', `${node.id} is a primary; use rejoin to make it follow another node`);
  }
  const up = checkUpstream(core, node, upstreamId);
  if (!up.ok) return up;
  node.upstream = up.value.id;
  const stream = core.follow(node);
  return ok({ nodeId: node.id, upstream: up.value.id, state: stream?.status.state, reason: stream?.status.reason ?? null });
}

/** pg_rewind + standby.signal: drop divergent WAL and follow `upstream` on its timeline. */
function rejoin(core: PrimaryReplicaCore, node: PrNode, upstreamId: string): Result<unknown> {
  const up = checkUpstream(core, node, upstreamId);
  if (!up.ok) return up;
  if (!up.value.alive) return fail('upstream-down', `${upstreamId} is down; rejoin needs a live source`);
  const common = commonPrefixEnd(node.wal, up.value.wal);
  core.streams.get(node.id)?.close();
  const rewoundBytes = node.rewindFrom(up.value, common);
  core.resetDownstreams(node);
  const stream = core.follow(node);
  return ok({
    nodeId: node.id,
    upstream: upstreamId,
    timeline: node.timeline,
    rewoundBytes,
    divergedAt: common === null ? null : formatLsn(common),
    state: stream?.status.state,
  });
}
