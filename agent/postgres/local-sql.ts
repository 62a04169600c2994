import pg from 'pg';
import { fail, ok, type Result } from '../../shared/result';

/** The local server's login, as the agent was given it (`--pg-conn`). */
export interface LocalLogin {
  connectionString: string;
  host: string;
  port: number;
  user: string;
  database: string;
  password: string | undefined;
}

/** Reads host, port, user, database and password the way libpq/pg would (no connection is made). */
export function parseLogin(connectionString: string): Result<LocalLogin> {
  try {
    const c = new pg.Client({ connectionString });
    const host = String(c.host ?? '');
    if (!host) return fail('invalid-connection-string', 'no host in the connection string');
    const password = typeof c.password === 'string' && c.password !== '' ? c.password : undefined;
    return ok({ connectionString, host, port: Number(c.port), user: String(c.user ?? 'postgres'), database: String(c.database ?? c.user ?? 'postgres'), password });
  } catch (e) {
    return fail('invalid-connection-string', e instanceof Error ? e.message : String(e));
  }
}

/** `host:port` (`[v6]:port`), with `localhost` as 127.0.0.1, like the app's node ids. */
export function nodeIdOf(host: string, port: number): string {
  const h = host.trim().toLowerCase();
  const name = h === 'localhost' ? '127.0.0.1' : h;
  return name.includes(':') && !name.startsWith('/') ? `[${name}]:${port}` : `${name}:${port}`;
}

/** One pg session to the local server: opened on first use, dropped on any non-SQL error. Never throws. */
export class LocalSql {
  private client: pg.Client | null = null;

  constructor(
    private readonly login: LocalLogin,
    private readonly timeoutMs = 2_000,
  ) {}

  async query<R extends pg.QueryResultRow>(sql: string): Promise<Result<R[]>> {
    try {
      if (!this.client) {
        const c = new pg.Client({ connectionString: this.login.connectionString, connectionTimeoutMillis: this.timeoutMs, query_timeout: this.timeoutMs, application_name: 'replicadesk-agent' });
        c.on('error', () => void this.drop(c));
        this.client = c;
        await c.connect();
      }
      return ok((await this.client.query<R>(sql)).rows);
    } catch (e) {
      const c = this.client;
      if (c) await this.drop(c);
      return fail('query-failed', e instanceof Error ? e.message : String(e));
    }
  }

  async dispose(): Promise<void> {
    if (this.client) await this.drop(this.client);
  }

  private async drop(c: pg.Client): Promise<void> {
    if (this.client === c) this.client = null;
    await c.end().catch(() => undefined);
  }
}
