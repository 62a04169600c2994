import mysql from 'mysql2';
import { ok, type Result } from '../../../shared/result';
import { classifyMariadbError, isConnectionLost, MariadbAbortedError, MariadbTimeoutError, NoGreetingError } from './errors';
import type { ServerAddress } from './server-address';

export interface ConnectionOptions {
  user: string;
  password: string;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  now(): number;
}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5_000;

/**
 * One mysql2 connection to one server, opened on demand and kept between
 * samples. Every call has a deadline (connect timeout until the handshake, then
 * the query timeout) and follows the caller's AbortSignal: on either, the socket
 * is destroyed. After a failure the server is in backoff (0.25 s doubling to
 * 5 s): until then calls fail at once with the last error, so a dead server
 * costs nothing per sample.
 */
export class ServerConnection {
  private conn: mysql.Connection | null = null;
  /** The handshake in flight: concurrent calls share it (two opens would leave one session behind, never closed). */
  private opening: Promise<mysql.Connection> | null = null;
  /** Bumped by close(): a handshake that completes after a close is destroyed, not kept. */
  private generation = 0;
  private retryAt = 0;
  private backoffMs = 0;
  private lastError: Result<never> | null = null;
  /** Round-trips made, for `queriesPerNode`. */
  queries = 0;
  /** Set by the reader while a privilege is missing: statements go one by one instead of a batch that fails. */
  oneByOne = false;

  constructor(
    readonly address: ServerAddress,
    private readonly opts: ConnectionOptions,
  ) {}

  /**
   * Runs `sql` (several statements allowed) with `values` escaped by mysql2; one round-trip.
   * A kept connection found dead (the server restarted since) is replaced once, at once.
   */
  async query(sql: string, signal: AbortSignal, values: unknown[] = []): Promise<Result<unknown>> {
    if (this.lastError && this.opts.now() < this.retryAt) return this.lastError;
    const kept = this.conn;
    try {
      return ok(await this.attempt(sql, values, signal));
    } catch (error) {
      if (kept && isConnectionLost(error) && !signal.aborted) {
        this.close();
        try {
          return ok(await this.attempt(sql, values, signal));
        } catch (again) {
          return this.failed(again);
        }
      }
      return this.failed(error);
    }
  }

  private async attempt(sql: string, values: unknown[], signal: AbortSignal): Promise<unknown> {
    const conn = this.conn ?? (await this.shareOpen(signal));
    this.queries += 1;
    const rows = await this.run(conn, sql, values, signal);
    this.backoffMs = 0;
    this.lastError = null;
    return rows;
  }

  private failed(error: unknown): Result<never> {
    const failure = classifyMariadbError(error, this.address.id, this.opts.user);
    // A refused statement leaves the session usable; anything else starts over with a new connection.
    if (failure.code !== 'missing-privilege' && failure.code !== 'server-error') {
      this.close();
      this.backoffMs = Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_MIN_MS, this.backoffMs * 2));
      this.retryAt = this.opts.now() + this.backoffMs;
      this.lastError = failure;
    }
    return failure;
  }

  close(): void {
    this.generation += 1;
    this.conn?.destroy();
    this.conn = null;
  }

  private shareOpen(signal: AbortSignal): Promise<mysql.Connection> {
    if (!this.opening) {
      const opening = this.open(signal).finally(() => {
        if (this.opening === opening) this.opening = null;
      });
      this.opening = opening;
    }
    return this.opening;
  }

  private open(signal: AbortSignal): Promise<mysql.Connection> {
    const generation = this.generation;
    const conn = mysql.createConnection({
      host: this.address.host,
      port: this.address.port,
      user: this.opts.user,
      password: this.opts.password,
      connectTimeout: this.opts.connectTimeoutMs,
      multipleStatements: true,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    // A connection that dies between queries (server restart, idle timeout) is dropped; the next call reconnects.
    conn.on('error', () => {
      if (this.conn === conn) this.close();
    });
    return this.deadline(conn, this.opts.connectTimeoutMs, signal, (done) =>
      conn.connect((err) => {
        if (err) {
          conn.destroy();
          return done(isConnectionLost(err) ? new NoGreetingError(err.message) : err);
        }
        if (generation !== this.generation) {
          // Closed (dispose) while the handshake ran: end this session too.
          conn.destroy();
          return done(new MariadbAbortedError());
        }
        this.conn = conn;
        done(null, conn);
      }),
    );
  }

  private run(conn: mysql.Connection, sql: string, values: unknown[], signal: AbortSignal): Promise<unknown> {
    return this.deadline(conn, this.opts.queryTimeoutMs, signal, (done) => conn.query(sql, values, (err, rows) => done(err, rows)));
  }

  /** Runs `start`; on timeout or abort, destroys the socket and rejects. */
  private deadline<T>(conn: mysql.Connection, ms: number, signal: AbortSignal, start: (done: (err: unknown, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (err: unknown, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err instanceof MariadbTimeoutError || err instanceof MariadbAbortedError) conn.destroy();
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve(value as T);
      };
      const onAbort = () => finish(new MariadbAbortedError());
      const timer = setTimeout(() => finish(new MariadbTimeoutError(ms)), ms);
      if (signal.aborted) return finish(new MariadbAbortedError());
      signal.addEventListener('abort', onAbort, { once: true });
      start(finish);
    });
  }
}
