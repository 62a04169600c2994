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
    case 'read':
      return ok(read(core, peer, cmd.key));
    case 'readKeys':
      return ok({ readings: cmd.keys.map((k) => read(core, peer, k)) });
    case 'resolveConflict':
      return resolve(core, peer, cmd.conflictId, cmd.value, cmd.how);
    case 'resolveConflicts':
      return ok({ results: cmd.items.map((it) => resolveItem(core, peer, it)) });
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

function read(core: MultiPrimaryCore, peer: Peer, key: string) {
  const siblings = peer.store.siblings(key);
  return {
    key,
    value: viewOf(core, peer, key),
    versions: siblings.map((v) => ({ id: versionId(v), versionVector: formatVector(v.vv), value: v.value })),
    conflictId: core.conflicts.openFor(key)?.id ?? null,
  };
}

/** One item of a batch: written (one local write each, shipped to the peers in the same pump), or why not. */
function resolveItem(core: MultiPrimaryCore, peer: Peer, it: { conflictId: string; value: unknown; how: string }) {
  const r = resolve(core, peer, it.conflictId, it.value, it.how);
  if (!r.ok) return { conflictId: it.conflictId, ok: false as const, code: r.code, reason: r.reason };
  const v = r.value as { version: string; versionVector: string };
  return { conflictId: it.conflictId, ok: true as const, version: v.version, versionVector: v.versionVector };
}
