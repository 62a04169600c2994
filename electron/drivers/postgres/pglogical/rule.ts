import type { ConflictKind } from '../../../../shared/model/conflict';
import type { PglConflictLine } from './conflict-log';

/** The conflict kind a line stands for (an ERROR stops the worker: its kind is what the operation met). */
export function kindOf(line: PglConflictLine): ConflictKind {
  if (line.notFound) return line.op === 'DELETE' ? 'delete-delete' : 'update-delete';
  if (line.op === 'INSERT') return 'insert-insert';
  if (line.op === 'UPDATE') return 'update-update';
  return 'apply-error';
}

/** Which side the engine kept, from the logged outcome (skip: the local state, i.e. the deletion, stays). */
export function keptSide(line: PglConflictLine): 'local' | 'remote' | null {
  if (line.outcome === 'apply_remote') return 'remote';
  if (line.outcome === 'keep_local' || line.outcome === 'skip') return 'local';
  return null;
}

/** "14:07:08.316" from "2026-12-07 14:07:08.316195+00"; microseconds when the milliseconds tie. */
function clock(text: string, full: boolean): string {
  const t = text.split(' ')[1] ?? text;
  const bare = t.replace(/[+-]\d\d(:\d\d)?$/, '');
  return full ? bare : bare.replace(/(\.\d{3})\d*$/, '$1');
}

/**
 * The rule that decided, in words, from the policy in force when the line was
 * read and the two commit times the line gives. When the outcome does not
 * follow from the policy (it was changed since), that is said too.
 */
export function ruleText(line: PglConflictLine, policy: string | null, localNode: string): string {
  const p = policy ?? 'conflict_resolution unknown';
  if (line.severity === 'ERROR') return `${p}: the apply worker stopped on this change (cannot apply conflicting row); the subscription is down until it is resolved`;
  if (line.notFound) {
    return `the row was not found on ${localNode} (deleted there): pglogical skips the remote ${line.op ?? 'change'} whatever conflict_resolution says, so the deletion stays`;
  }
  const { local, remote } = line;
  if (!local || !remote) return `${p}: ${line.outcome ?? 'unknown outcome'}`;
  const tie = local.committedText.slice(0, 23) === remote.committedText.slice(0, 23);
  const l = clock(local.committedText, tie);
  const r = clock(remote.committedText, tie);
  const kept = keptSide(line);
  let text: string;
  if (p === 'last_update_wins' || p === 'first_update_wins') {
    const later = remote.committedAt > local.committedAt || (remote.committedAt === local.committedAt && remote.committedText > local.committedText);
    const remoteWins = p === 'last_update_wins' ? later : !later;
    const cmp = later ? '>' : '<';
    text = `${p}: remote committed ${r} ${cmp} local ${l}`;
    if ((remoteWins ? 'remote' : 'local') !== kept) text += ` (yet the engine logged ${line.outcome}: the policy was different when it applied)`;
    return text;
  }
  if (p === 'apply_remote') return `apply_remote: the incoming change always wins (remote committed ${r}, local ${l})`;
  if (p === 'keep_local') return `keep_local: the local row always wins (local committed ${l}, remote ${r})`;
  return `${p}: ${line.outcome} (remote committed ${r}, local ${l})`;
}
