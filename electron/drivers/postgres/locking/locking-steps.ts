import type { LockingActionKind } from '../../../../shared/model/action';
import { joinStepId, splitStepId } from '../../../core/actions/step-id';
import { bound, describeStatement, formatted, type PgStatement } from '../../../../shared/postgres/statement';

/**
 * A locking step names everything it needs (`op~node~database~gid` or
 * `op~node~pid~backendStartUs`), so the executor is stateless like the
 * failover one. The backend start guards against a recycled pid.
 */
export type LockingStep =
  | { op: 'commit-prepared' | 'rollback-prepared'; node: string; database: string; gid: string }
  | { op: 'cancel-query' | 'terminate-session'; node: string; pid: number; backendStartUs: string };

const OPS: readonly LockingActionKind[] = ['commit-prepared', 'rollback-prepared', 'cancel-query', 'terminate-session'];

export function lockingStepId(s: LockingStep): string {
  return 'gid' in s ? joinStepId([s.op, s.node, s.database, s.gid]) : joinStepId([s.op, s.node, String(s.pid), s.backendStartUs]);
}

export function parseLockingStep(id: string): LockingStep | null {
  const [op, node, a, b] = splitStepId(id);
  if (!op || !node || !a || !b || !(OPS as readonly string[]).includes(op)) return null;
  if (op === 'commit-prepared' || op === 'rollback-prepared') return { op, node, database: a, gid: b };
  const pid = Number(a);
  if (!Number.isInteger(pid) || pid <= 0 || !/^\d+$/.test(b)) return null;
  return { op: op as 'cancel-query' | 'terminate-session', node, pid, backendStartUs: b };
}

/**
 * The statement a step runs, with its parameters. COMMIT/ROLLBACK PREPARED take
 * no parameters: the gid is quoted by the server (`format('… %L', $1)`) and the
 * returned text is run, so `standard_conforming_strings` cannot change it.
 */
export function lockingStatement(s: LockingStep): PgStatement {
  switch (s.op) {
    case 'commit-prepared':
      return formatted('COMMIT PREPARED %L', s.gid);
    case 'rollback-prepared':
      return formatted('ROLLBACK PREPARED %L', s.gid);
    case 'cancel-query':
    case 'terminate-session': {
      const fn = s.op === 'cancel-query' ? 'pg_cancel_backend' : 'pg_terminate_backend';
      const sql = `SELECT ${fn}(pid) AS signalled FROM pg_stat_activity WHERE pid = $1::int AND (1000000 * extract(epoch FROM backend_start))::bigint = $2::bigint`;
      return bound(sql, String(s.pid), s.backendStartUs);
    }
  }
}

/** The SQL a step runs as the dry run shows it: the statement, then each parameter's value. */
export function lockingStepSql(s: LockingStep): string {
  return describeStatement(lockingStatement(s));
}
