import pg from 'pg';
import { fail, ok, type Result } from '../../shared/result';

/** The admin commands the agent sends: fixed text, nothing spliced in. */
export type AgentAdminCommand = 'RELOAD' | 'SHOW DATABASES' | 'SHOW VERSION';

export interface AdminLogin {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** One statement on PgBouncer's admin console (database `pgbouncer`), simple query protocol, own connection. */
export async function adminQuery(login: AdminLogin, cmd: AgentAdminCommand, timeoutMs = 5_000): Promise<Result<Record<string, unknown>[]>> {
  const c = new pg.Client({ ...login, database: 'pgbouncer', connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  c.on('error', () => undefined);
  try {
    await c.connect();
    // No values: pg sends a simple query, the only protocol the admin console speaks.
    const r = await c.query(cmd);
    return ok(r.rows as Record<string, unknown>[]);
  } catch (e) {
    return fail('pooler-admin', `${cmd} on the PgBouncer admin console at ${login.host}:${login.port}: ${(e as Error).message}`);
  } finally {
    await c.end().catch(() => undefined);
  }
}
