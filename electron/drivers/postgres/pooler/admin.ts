import pg from 'pg';
import type { PoolerSpec, PoolerStatus } from '../../../../shared/model/pooler';
import { fail, ok, type Failure } from '../../../../shared/result';

/**
 * Every statement ReplicaDesk sends to a PgBouncer admin console. Fixed text:
 * the console speaks only the simple query protocol (no bind parameters), so
 * nothing is ever spliced into a command. PAUSE and RESUME are global (all
 * databases of that PgBouncer), which also needs no database name.
 */
export type AdminCommand = 'SHOW VERSION' | 'SHOW CONFIG' | 'SHOW DATABASES' | 'SHOW POOLS' | 'SHOW CLIENTS' | 'SHOW SERVERS' | 'PAUSE' | 'RESUME' | 'RELOAD';
export type AdminRow = Record<string, unknown>;

/** A failure with the pooler status it means (unreachable, auth-failed…). */
export type AdminFailure = Failure & { status: PoolerStatus };
export type AdminResult<T> = { ok: true; value: T } | AdminFailure;

function classify(e: unknown, where: string): AdminFailure {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const status: PoolerStatus = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'].includes(err.code ?? '') || /timeout|terminated/i.test(msg)
    ? 'unreachable'
    : err.code === '28P01' || /password authentication failed|SASL|no such user/i.test(msg)
      ? 'auth-failed'
      : /not allowed|admin access needed|no such database: pgbouncer/i.test(msg)
        ? 'not-admin'
        : 'error';
  return { ...fail(status, `${where}: ${msg}`), status };
}

/**
 * One connection to a PgBouncer admin console (database `pgbouncer`). A
 * switchover holds one for its whole run: the same connection sends PAUSE and
 * RESUME, since a RESUME from a second connection strands a pending PAUSE
 * (pgbouncer issue #715).
 */
export class PoolerAdmin {
  private client: pg.Client | null = null;
  private lost: string | null = null;
  readonly where: string;

  constructor(
    private readonly spec: Pick<PoolerSpec, 'host' | 'port' | 'user' | 'password'>,
    private readonly connectTimeoutMs: number,
  ) {
    this.where = `PgBouncer admin console ${spec.host}:${spec.port}`;
  }

  async open(): Promise<AdminResult<void>> {
    if (this.client && !this.lost) return ok(undefined);
    const c = new pg.Client({ host: this.spec.host, port: this.spec.port, user: this.spec.user, password: this.spec.password, database: 'pgbouncer', connectionTimeoutMillis: this.connectTimeoutMs, application_name: 'replicadesk' });
    c.on('error', (e) => (this.lost = e.message));
    c.on('end', () => (this.lost ??= 'the connection ended'));
    try {
      await c.connect();
    } catch (e) {
      await c.end().catch(() => undefined);
      return classify(e, this.where);
    }
    this.client = c;
    this.lost = null;
    return ok(undefined);
  }

  /**
   * Runs one command, waiting at most `timeoutMs`. On timeout the command is
   * still pending on this connection (a PAUSE waits for transactions): the
   * caller decides what to do; `close()` ends the connection.
   */
  async run(cmd: AdminCommand, timeoutMs: number): Promise<AdminResult<AdminRow[]>> {
    const opened = await this.open();
    if (!opened.ok) return opened;
    const c = this.client;
    if (!c) return { ...fail('unreachable', `${this.where}: not connected`), status: 'unreachable' };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    try {
      const q = c.query(cmd);
      // After a timeout the query may still fail (close() cuts a pending PAUSE): never an unhandled rejection.
      q.catch(() => undefined);
      const r = await Promise.race([q, timeout]);
      if (r === 'timeout') return { ...fail('timeout', `${cmd} did not answer within ${timeoutMs} ms`), status: 'error' };
      return ok(r.rows as AdminRow[]);
    } catch (e) {
      return classify(e, `${cmd} on ${this.where}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (!c) return;
    // A pending PAUSE would make end() wait: destroy the socket.
    (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    await c.end().catch(() => undefined);
  }
}

/** One command on a fresh connection, closed after (readings; never PAUSE/RESUME). */
export async function adminOnce(spec: Pick<PoolerSpec, 'host' | 'port' | 'user' | 'password'>, cmds: readonly AdminCommand[], timeoutMs: number): Promise<AdminResult<AdminRow[][]>> {
  const a = new PoolerAdmin(spec, timeoutMs);
  try {
    const out: AdminRow[][] = [];
    for (const cmd of cmds) {
      const r = await a.run(cmd, timeoutMs);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  } finally {
    await a.close();
  }
}
