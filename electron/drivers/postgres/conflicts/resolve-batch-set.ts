import type { Timeouts } from '../../../../shared/model/cluster';
import { Backoff } from '../../../../shared/backoff';
import { describeStatement, runStatement, type PgStatement } from '../../../../shared/postgres/statement';
import { fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import { NodeConnection } from '../node-connection';
import type { LocalTable } from './local-relation';
import type { BatchPlan } from './resolve-batch-run';
import { writeRowSet } from './set-write';

const isData = (st: PgStatement) => /^(INSERT INTO|DELETE FROM) /.test(st.sql);
const isControl = (st: PgStatement) => st.sql === 'BEGIN' || st.sql === 'COMMIT';

/** A plan's statements around its row write: before it (ALTER PUBLICATION … off), after it (… on, SKIP, ENABLE). */
function split(p: BatchPlan): { pre: PgStatement[]; post: PgStatement[] } {
  const steps = p.plan.steps.filter((s) => !isControl(s));
  const at = steps.findIndex(isData);
  return at < 0 ? { pre: [], post: steps } : { pre: steps.slice(0, at), post: steps.slice(at + 1) };
}

/**
 * The set-based form of a subscriber's batch, in ONE transaction: the statements before the row writes
 * (each distinct one once), then per table ONE upsert and ONE delete of every row (set-write.ts: the values
 * as one jsonb parameter; row by row under savepoints only when a set statement is refused, so a bad value
 * fails alone), then each plan's remaining statements (SKIP, ENABLE; distinct ALTER PUBLICATION once) for the
 * rows written. Null when a statement outside the row writes fails: it was rolled back, and the caller runs
 * the batch again conflict by conflict under savepoints (resolve-batch-run.ts) to say which conflict it was.
 */
export async function runBatchSetBased(target: PgTarget, timeouts: Timeouts, now: () => number, nodeId: string, plans: BatchPlan[], signal: AbortSignal): Promise<Map<string, Result<string>> | null> {
  const conn = new NodeConnection(target, { timeouts, now, backoff: new Backoff({ baseMs: 100, maxMs: 500 }) });
  const q = (sql: string, params?: string[]) => conn.query<Record<string, unknown>>(sql, signal, undefined, params);
  const ranOnce = new Set<string>();
  const once = async (sts: PgStatement[]): Promise<boolean> => {
    for (const st of sts) {
      const text = describeStatement(st);
      if (ranOnce.has(text)) continue;
      if (!(await runStatement(st, q)).ok) return false;
      ranOnce.add(text);
    }
    return true;
  };
  try {
    if (!(await q('BEGIN')).ok) return null;
    const parts = plans.map((p) => ({ p, ...split(p) }));
    if (!(await once(parts.flatMap((x) => x.pre)))) return (await q('ROLLBACK'), null);
    const rows = new Map<number, { table: LocalTable; ids: string[] }>();
    const written = new Map<string, Result<string>>();
    for (const { p } of parts) {
      if (!p.row) continue;
      const g = rows.get(p.plan.table.oid) ?? { table: p.plan.table, ids: [] };
      rows.set(p.plan.table.oid, g);
      g.ids.push(p.conflictId);
    }
    const byId = new Map(plans.map((p) => [p.conflictId, p]));
    for (const g of rows.values()) {
      const { results, broken } = await writeRowSet(conn, nodeId, g.table, g.ids.map((id) => byId.get(id)!.row!), signal);
      if (broken) return (await q('ROLLBACK'), null);
      for (const [id, r] of results) written.set(id, r);
    }
    const out = new Map<string, Result<string>>();
    for (const { p, post } of parts) {
      const w = written.get(p.conflictId);
      if (w && !w.ok) {
        out.set(p.conflictId, w);
        continue;
      }
      if (!(await once(post))) return (await q('ROLLBACK'), null);
      out.set(p.conflictId, ok(`${p.plan.mode} on ${nodeId}: ${w?.ok ? `${w.value}; ` : ''}${post.map(describeStatement).join('; ') || 'nothing else'}`));
    }
    const committed = await q('COMMIT');
    if (!committed.ok) for (const p of plans) out.set(p.conflictId, fail(committed.code, `${nodeId}: ${committed.reason}; nothing of this batch was changed`));
    return out;
  } finally {
    await conn.dispose();
  }
}
