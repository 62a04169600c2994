import pg from 'pg';
import { fail, ok, type Result } from '../../../../shared/result';

/** One transaction that needs a writable server, and says which server it ran on. Fixed text, no parameters. */
export const WRITE_CHECK_SQL = "BEGIN READ WRITE; SELECT pg_current_xact_id()::text AS xid, pg_is_in_recovery() AS rec, current_setting('port')::int AS port, current_setting('cluster_name') AS cluster_name; COMMIT";

export interface WriteSeen {
  xid: string;
  port: number;
  clusterName: string;
  ms: number;
}

/**
 * Runs WRITE_CHECK_SQL through a pooler (its client port, database `database`),
 * as `login`. Retries for up to `timeoutMs` (PgBouncer may still be logging in to the new primary).
 */
export async function writeThroughPooler(
  pooler: { host: string; port: number },
  database: string,
  login: { user: string; password?: string | undefined },
  timeoutMs: number,
): Promise<Result<WriteSeen>> {
  const started = Date.now();
  let last = 'nothing yet';
  while (Date.now() - started < timeoutMs) {
    const c = new pg.Client({ host: pooler.host, port: pooler.port, database, user: login.user, password: login.password, connectionTimeoutMillis: 3_000, query_timeout: 5_000, application_name: 'replicadesk' });
    c.on('error', () => undefined);
    try {
      await c.connect();
      const res = (await c.query(WRITE_CHECK_SQL)) as unknown as pg.QueryResult[];
      const row = res[1]?.rows[0] as { xid: string; rec: boolean; port: number; cluster_name: string } | undefined;
      if (!row) return fail('no-row', 'the write check returned no row');
      if (row.rec) return fail('in-recovery', `the write landed on a server in recovery (port ${row.port})`);
      return ok({ xid: row.xid, port: row.port, clusterName: row.cluster_name, ms: Date.now() - started });
    } catch (e) {
      last = (e as Error).message;
      const code = (e as { code?: string }).code;
      // A login the pooler does not know cannot succeed by waiting.
      if (code === '28P01' || code === '28000' || /password authentication failed|no such user|not allowed/i.test(last)) return fail('auth-failed', last);
    } finally {
      await c.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return fail('timeout', `no write through the pooler within ${timeoutMs} ms (last: ${last})`);
}
