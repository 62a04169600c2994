import type { Timeouts } from '../../../../shared/model/cluster';
import { Backoff } from '../../../../shared/backoff';
import { fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import { NodeConnection } from '../node-connection';
import type { LocalTable } from './local-relation';
import { writeRowSet, type SetRow } from './set-write';

/** The rows of one table to write on a node. */
export interface TableRows {
  table: LocalTable;
  rows: SetRow[];
}

/**
 * One node's batch in ONE transaction on its own session: per table one set upsert and one set delete
 * (set-write.ts; row by row only when a set statement is refused), COMMIT once. If the transaction
 * cannot go on or COMMIT fails, every row of the node failed and nothing changed.
 */
export async function runSetBatchOnNode(target: PgTarget, timeouts: Timeouts, now: () => number, nodeId: string, groups: TableRows[], signal: AbortSignal): Promise<Map<string, Result<string>>> {
  const out = new Map<string, Result<string>>();
  const ids = groups.flatMap((g) => g.rows.map((r) => r.id));
  const failAll = (r: { code: string; reason: string }) => {
    for (const id of ids) out.set(id, fail(r.code, `${nodeId}: ${r.reason}; nothing of this batch was changed`));
    return out;
  };
  const conn = new NodeConnection(target, { timeouts, now, backoff: new Backoff({ baseMs: 100, maxMs: 500 }) });
  try {
    const begun = await conn.query('BEGIN', signal);
    if (!begun.ok) return failAll(begun);
    const written = new Map<string, Result<string>>();
    for (const g of groups) {
      const { results, broken } = await writeRowSet(conn, nodeId, g.table, g.rows, signal);
      if (broken) {
        await conn.query('ROLLBACK', signal);
        return failAll(broken);
      }
      for (const [id, r] of results) written.set(id, r);
    }
    const committed = await conn.query('COMMIT', signal);
    if (!committed.ok) return failAll(committed);
    const n = [...written.values()].filter((r) => r.ok).length;
    for (const [id, r] of written) out.set(id, r.ok ? ok(`${r.value}; one transaction on ${nodeId} for ${n} row(s)`) : r);
    return out;
  } finally {
    await conn.dispose();
  }
}
