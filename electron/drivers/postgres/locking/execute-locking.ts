import type { ActionStep } from '../../../../shared/model/action';
import type { Timeouts } from '../../../../shared/model/cluster';
import { runStatement } from '../../../../shared/postgres/statement';
import { fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import { NodeConnection } from '../node-connection';
import { lockingStatement, parseLockingStep, type LockingStep } from './locking-steps';

export interface LockingExecDeps {
  targetOf(nodeId: string): PgTarget | null;
  timeouts: Timeouts;
  now(): number;
}

/**
 * Runs one locking step on a connection of its own. COMMIT/ROLLBACK PREPARED
 * must run in the transaction's database, so it logs in there with the
 * cluster's credentials. A gid or session that vanished after the plan was
 * made is reported as such, with nothing changed.
 */
export async function executeLockingStep(deps: LockingExecDeps, step: ActionStep, signal: AbortSignal): Promise<Result<string>> {
  const ref = parseLockingStep(step.id);
  if (!ref) return fail('bad-step', `step ${step.id} is not a locking step`);
  const base = deps.targetOf(ref.node);
  if (!base) return fail('unknown-node', `${ref.node} is not a node of this cluster`);
  const target = 'gid' in ref ? { ...base, database: ref.database } : base;
  const conn = new NodeConnection(target, { timeouts: deps.timeouts, now: deps.now });
  try {
    const ran = await runStatement(lockingStatement(ref), (sql, params) => conn.query<{ signalled?: boolean; stmt?: string }>(sql, signal, undefined, params));
    if (!ran.ok) return 'gid' in ref && ran.reason.includes('42704') ? vanishedGid(ref) : fail(ran.code, ran.reason);
    const done = outcome(ref, ran.value.rows);
    return done.ok && 'gid' in ref ? ok(`${done.value} (ran: ${ran.value.ran})`) : done;
  } finally {
    await conn.dispose();
  }
}

function vanishedGid(ref: LockingStep & { gid: string }): Result<string> {
  return fail('gid-vanished', `"${ref.gid}" is no longer prepared on ${ref.node}: it was committed or rolled back after the plan was made. Nothing was changed; refresh the list.`);
}

function outcome(ref: LockingStep, rows: { signalled?: boolean }[]): Result<string> {
  switch (ref.op) {
    case 'commit-prepared':
      return ok(`committed "${ref.gid}" on ${ref.node}`);
    case 'rollback-prepared':
      return ok(`rolled back "${ref.gid}" on ${ref.node}`);
    case 'cancel-query':
    case 'terminate-session': {
      const what = ref.op === 'cancel-query' ? 'cancel' : 'terminate';
      if (rows.length === 0) return fail('session-vanished', `pid ${ref.pid} on ${ref.node} ended (or is a new session) since the plan was made: nothing was signalled`);
      if (rows[0]?.signalled !== true) return fail('not-signalled', `the server refused to ${what} pid ${ref.pid} (it needs superuser or pg_signal_backend, and never a superuser's session unless you are one)`);
      return ok(`sent ${what} to pid ${ref.pid} on ${ref.node}`);
    }
  }
}
