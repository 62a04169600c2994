import type { Timeouts } from '../../../../shared/model/cluster';
import { Backoff } from '../../../../shared/backoff';
import { fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import { NodeConnection } from '../node-connection';
import type { ResolutionPlan } from './resolve-plan';

/**
 * Runs a plan's statements (BEGIN … COMMIT) on the subscriber in a session
 * of its own, so no sample query lands inside the transaction. The first
 * refused statement rolls everything back and is reported with the
 * database's own message: nothing is half-applied.
 */
export async function runResolution(target: PgTarget, timeouts: Timeouts, now: () => number, plan: ResolutionPlan, signal: AbortSignal): Promise<Result<string>> {
  const conn = new NodeConnection(target, { timeouts, now, backoff: new Backoff({ baseMs: 100, maxMs: 500 }) });
  try {
    for (const sql of plan.statements) {
      const r = await conn.query(sql, signal);
      if (r.ok) continue;
      if (sql !== 'BEGIN') await conn.query('ROLLBACK', signal);
      return fail(r.code === 'unknown' ? 'refused' : r.code, `${plan.nodeId} refused ${sql.split(' ').slice(0, 3).join(' ')}…, and nothing was changed: ${r.reason}`);
    }
    return ok(`${plan.mode} on ${plan.nodeId}: ${plan.statements.filter((s) => s !== 'BEGIN' && s !== 'COMMIT').join('; ')}`);
  } finally {
    await conn.dispose();
  }
}
