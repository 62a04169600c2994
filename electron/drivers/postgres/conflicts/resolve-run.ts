import type { Timeouts } from '../../../../shared/model/cluster';
import { Backoff } from '../../../../shared/backoff';
import { describeStatement, runStatement } from '../../../../shared/postgres/statement';
import { fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import { withoutAddress } from '../errors';
import { NodeConnection } from '../node-connection';
import { sameTable, tableByOid, tableText } from './local-relation';
import type { ResolutionPlan } from './resolve-plan';

/**
 * Runs a plan's statements (BEGIN … COMMIT) on the subscriber in a session
 * of its own, so no sample query lands inside the transaction. Right after
 * BEGIN the table is looked up again by OID: a rename since the plan was made
 * stops it, so a statement never writes into another table of that name. The
 * first refused statement rolls everything back and is reported with the
 * database's own message: nothing is half-applied.
 */
export async function runResolution(target: PgTarget, timeouts: Timeouts, now: () => number, plan: ResolutionPlan, signal: AbortSignal): Promise<Result<string>> {
  const conn = new NodeConnection(target, { timeouts, now, backoff: new Backoff({ baseMs: 100, maxMs: 500 }) });
  const ran: string[] = [];
  let open = false;
  const abort = async (r: Result<string>) => {
    if (open) await conn.query('ROLLBACK', signal);
    return r;
  };
  try {
    for (const st of plan.steps) {
      const r = await runStatement(st, (sql, params) => conn.query<Record<string, unknown>>(sql, signal, undefined, params));
      if (!r.ok) {
        const what = describeStatement(st).split(' ').slice(0, 3).join(' ');
        return abort(fail(r.code === 'unknown' ? 'refused' : r.code, `${plan.nodeId} refused ${what}…, and nothing was changed: ${withoutAddress(r.reason, plan.nodeId)}`));
      }
      if (st.sql !== 'BEGIN') {
        if (st.sql !== 'COMMIT') ran.push(r.value.ran);
        continue;
      }
      open = true;
      const now = await tableByOid(conn, plan.table.oid, signal);
      if (!now.ok) return abort(now);
      if (!sameTable(now.value, plan.table)) {
        const is = now.value ? `is now ${tableText(now.value)}` : 'was dropped';
        return abort(fail('conflict-stale', `table ${tableText(plan.table)} (oid ${plan.table.oid}) ${is} on ${plan.nodeId} since the conflict was read: nothing was changed; look at the conflict again`));
      }
    }
    return ok(`${plan.mode} on ${plan.nodeId}: ${ran.join('; ')}`);
  } finally {
    await conn.dispose();
  }
}
