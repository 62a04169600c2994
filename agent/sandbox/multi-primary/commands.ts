import { assertNever, fail, ok, type Result } from '../../../shared/result';
import type { NodeCommand } from '../common/core';
import type { MultiPrimaryCore } from './cluster';
import { conflictEvent, conflictPayload, TABLE } from './conflict-payload';
import type { Peer } from './peer';
import { isAutomatic, parsePolicy } from './rules';
import { formatVector } from './version-vector';
import { versionId } from './version';
import { viewOf } from './workload';

export function mpCommand(core: MultiPrimaryCore, nodeId: string, cmd: NodeCommand): Result<unknown> {
  const peer = core.peer(nodeId);
  if (!peer) return fail('unknown-node', `no node "${nodeId}" in this sandbox`);
  switch (cmd.name) {
    case 'write':
      return write(core, peer, cmd.key, cmd.value);
    case 'read': {
      const siblings = peer.store.siblings(cmd.key);
      return ok({
        key: cmd.key,
        value: viewOf(core, peer, cmd.key),
        versions: siblings.map((v) => ({ id: versionId(v), versionVector: formatVector(v.vv), value: v.value })),
        conflictId: core.conflicts.openFor(cmd.key)?.id ?? null,
      });
    }
    case 'resolveConflict':
      return resolve(core, peer, cmd.conflictId, cmd.value, cmd.how);
    case 'setConflictPolicy': {
      const parsed = parsePolicy(cmd.policy, cmd.rule);
      if (!parsed.ok) return parsed;
      const settled = core.setPolicy(parsed.value);
      for (const rec of settled) core.events.emit(conflictEvent(rec, peer.id, Math.round(core.sched.now())));
      return ok({ policy: parsed.value, resolvedConflicts: settled.map((r) => r.id) });
    }
    case 'promote':
    case 'fence':
    case 'unfence':
    case 'repoint':
    case 'rejoin':
    case 'transferLeadership':
      return fail('unsupported', `${cmd.name} does not apply to a multi-primary cluster: every peer accepts writes`);
    default:
      return assertNever(cmd, 'command');
  }
}

function write(core: MultiPrimaryCore, peer: Peer, key: string, value: unknown): Result<unknown> {
  const open = core.conflicts.openFor(key);
  if (open && !isAutomatic(core.policy)) {
    return fail('conflict-open', `${TABLE}/${key} has an open conflict (${open.id}); resolve it before writing the key`);
  }
  const v = core.write(peer, key, value);
  return ok({ key, version: versionId(v), versionVector: formatVector(v.vv), committedAt: v.committedAt });
}

/** Writes the chosen value with a vector dominating every conflicting version; it replicates and the peers converge. */
function resolve(core: MultiPrimaryCore, peer: Peer, conflictId: string, value: unknown, how: string): Result<unknown> {
  const rec = core.conflicts.get(conflictId);
  if (!rec) return fail('unknown-conflict', `no conflict "${conflictId}" in this sandbox`);
  if (rec.status === 'resolved') {
    return fail('conflict-resolved', `conflict ${conflictId} was already resolved by ${rec.resolution?.by ?? 'someone'}`);
  }
  const v = core.write(peer, rec.key, value, { rec, how });
  return ok({ conflict: conflictPayload(rec), version: versionId(v), versionVector: formatVector(v.vv) });
}
