import type { Timeouts } from '../../../../shared/model/cluster';
import { Backoff } from '../../../../shared/backoff';
import { describeStatement, plain, runStatement } from '../../../../shared/postgres/statement';
import { fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import { withoutAddress } from '../errors';
import { NodeConnection } from '../node-connection';
import { sameTable, tableByOid, tableText, type LocalTable } from './local-relation';
import type { ResolutionPlan } from './resolve-plan';
import type { SetRow } from './set-write';

/** One conflict's plan in a node's batch. */
export interface BatchPlan {
  conflictId: string;
  plan: ResolutionPlan;
  /** The row the plan writes (its INSERT/DELETE), for the set-based form (resolve-batch-set.ts); none for keep local. */
  row?: SetRow;
}

/**
 * Runs the plans of one subscriber node in ONE transaction (its own session, so no sample query lands
 * inside): BEGIN, then per conflict a SAVEPOINT, its statements (the plan's, without its own BEGIN/COMMIT),
 * RELEASE; a refused statement rolls back to that savepoint and fails that conflict alone, with the
 * database's message. The table is looked up again by OID once per table right after BEGIN (a rename since
 * the plan stops its conflicts). COMMIT once; if it fails, every conflict of the node failed and nothing changed.
 */
export async function runBatchOnNode(target: PgTarget, timeouts: Timeouts, now: () => number, nodeId: string, plans: BatchPlan[], signal: AbortSignal): Promise<Map<string, Result<string>>> {
  const out = new Map<string, Result<string>>();
  const conn = new NodeConnection(target, { timeouts, now, backoff: new Backoff({ baseMs: 100, maxMs: 500 }) });
  const q = (sql: string, params?: string[]) => conn.query<Record<string, unknown>>(sql, signal, undefined, params);
  const failAll = (r: { code: string; reason: string }) => {
    for (const p of plans) out.set(p.conflictId, fail(r.code, `${nodeId}: ${r.reason}; nothing of this batch was changed`));
  };
  try {
    const begun = await q('BEGIN');
    if (!begun.ok) return (failAll(begun), out);
    const tables = new Map<number, Result<LocalTable | null>>();
    const done: { id: string; text: string }[] = [];
    for (const [i, { conflictId, plan }] of plans.entries()) {
      const t = tables.get(plan.table.oid) ?? (await tableByOid(conn, plan.table.oid, signal));
      tables.set(plan.table.oid, t);
      if (!t.ok) {
        out.set(conflictId, t);
        continue;
      }
      if (!sameTable(t.value, plan.table)) {
        const is = t.value ? `is now ${tableText(t.value)}` : 'was dropped';
        out.set(conflictId, fail('conflict-stale', `table ${tableText(plan.table)} (oid ${plan.table.oid}) ${is} on ${nodeId} since the conflict was read: nothing was changed for it`));
        continue;
      }
      const sp = `rd_bulk_${i}`;
      await runStatement(plain(`SAVEPOINT ${sp}`), q);
      const ran: string[] = [];
      let refused: Result<string> | null = null;
      for (const st of plan.steps) {
        if (st.sql === 'BEGIN' || st.sql === 'COMMIT') continue;
        const r = await runStatement(st, q);
        if (!r.ok) {
          const what = describeStatement(st).split(' ').slice(0, 3).join(' ');
          refused = fail(r.code === 'unknown' ? 'refused' : r.code, `${nodeId} refused ${what}…, and nothing was changed for this conflict: ${withoutAddress(r.reason, nodeId)}`);
          break;
        }
        ran.push(r.value.ran);
      }
      if (refused) {
        const back = await q(`ROLLBACK TO SAVEPOINT ${sp}`);
        out.set(conflictId, refused);
        if (!back.ok) return (failAll(back), out);
        continue;
      }
      await q(`RELEASE SAVEPOINT ${sp}`);
      done.push({ id: conflictId, text: `${plan.mode} on ${nodeId}: ${ran.join('; ')}` });
    }
    const committed = await q('COMMIT');
    if (!committed.ok) return (failAll(committed), out);
    for (const d of done) out.set(d.id, ok(`${d.text} (one transaction for ${done.length} conflict(s))`));
    return out;
  } finally {
    await conn.dispose();
  }
}
