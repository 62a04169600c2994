import type pg from 'pg';
import type { Timeouts } from '../../../shared/model/cluster';
import { assertNever, fail, ok, type Failure, type Result } from '../../../shared/result';
import { Backoff } from '../../../shared/backoff';
import type { Disposable } from '../../core/lifecycle';
import { wantsSsl } from './client-config';
import { displayTarget, targetId, type PgTarget } from './conn-string';
import { AbortedError, withDeadline } from './deadline';
import { classifyPgError, PgTimeoutError } from './errors';
import { destroyClient, openClient, type LiveClient } from './open-client';

export type NodeConnectionStatus =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'ready'; since: number }
  | { kind: 'backoff'; retryAt: number; lastError: Failure }
  | { kind: 'closed' };

export interface NodeConnectionOptions {
  timeouts: Timeouts;
  now(): number;
  /** Reconnect delays; injected so tests are deterministic. */
  backoff?: Backoff;
}

const CLOSED = fail('closed', 'the connection was closed');

/**
 * One pg Client to one server. Connects on first use, reconnects at the next
 * use once it was reached (with backoff only while it never was),
 * and bounds every connect and query with client-side timers that destroy the
 * socket, so a hung server costs at most the configured timeouts.
 */
export class NodeConnection implements Disposable {
  readonly id: string;
  /** SQL round-trips made so far (for `queriesPerNode`). */
  queries = 0;
  private state: NodeConnectionStatus = { kind: 'idle' };
  private live: LiveClient | null = null;
  private pending: Promise<Result<void>> | null = null;
  /** Under sslmode=prefer, the server said it has no SSL: skip asking next time. */
  private sslRefused = false;
  private readonly backoff: Backoff;
  /**
   * Once a server was reached, losing it retries at every use (each sample),
   * so a node coming back is seen within one sample interval plus its connect
   * time. Backoff is only for servers never reached (a wrong seed, a typo) and
   * for a host that does not answer at all (a timeout would otherwise cost the
   * connect timeout in every sample).
   */
  private everReady = false;

  constructor(
    readonly target: PgTarget,
    private readonly opts: NodeConnectionOptions,
  ) {
    this.id = targetId(target);
    this.backoff = opts.backoff ?? new Backoff({ baseMs: 500, maxMs: 10_000 });
  }

  get status(): NodeConnectionStatus {
    return this.state;
  }

  /**
   * Runs one statement; never throws. `preparedAs` names it as a prepared
   * statement, parsed and planned once per session (~0.4 ms instead of ~4 ms).
   * `params` are sent as $1, $2, … (untyped: the server types them by context).
   */
  async query<R extends pg.QueryResultRow>(sql: string, signal: AbortSignal, preparedAs?: string, params?: unknown[]): Promise<Result<R[]>> {
    const ready = await this.ensureReady(signal);
    if (!ready.ok) return ready;
    const live = this.live;
    if (!live) return this.state.kind === 'backoff' ? this.state.lastError : CLOSED;
    this.queries += 1;
    const ms = this.opts.timeouts.queryTimeoutMs;
    try {
      const work = live.client.query<R>(preparedAs ? { name: preparedAs, text: sql, values: params } : { text: sql, values: params });
      const res = await withDeadline(work, ms, signal, () => new PgTimeoutError('query', ms));
      return ok(res.rows);
    } catch (e) {
      const failure = this.classify(e, sql);
      const sqlError = typeof (e as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((e as { code: string }).code);
      // A SQL error leaves the session usable; anything else (timeout, abort, lost socket) ends it.
      if (!sqlError || e instanceof AbortedError) this.drop(live, e instanceof AbortedError ? null : failure);
      return failure;
    }
  }

  private ensureReady(signal: AbortSignal): Promise<Result<void>> {
    const s = this.state;
    switch (s.kind) {
      case 'ready':
        return Promise.resolve(ok(undefined));
      case 'closed':
        return Promise.resolve(CLOSED);
      case 'connecting':
        return this.pending ?? Promise.resolve(CLOSED);
      case 'backoff':
        if (this.opts.now() < s.retryAt) return Promise.resolve(s.lastError);
        return this.connect(signal);
      case 'idle':
        return this.connect(signal);
      default:
        return assertNever(s, 'connection status');
    }
  }

  private connect(signal: AbortSignal): Promise<Result<void>> {
    this.state = { kind: 'connecting' };
    this.pending = (async () => {
      const ssl = wantsSsl(this.target) && !this.sslRefused;
      let res = await this.attempt(signal, ssl);
      if (!res.ok && res.code === 'tls-mismatch' && ssl && this.target.sslmode === 'prefer') {
        this.sslRefused = true;
        res = await this.attempt(signal, false);
      }
      this.pending = null;
      if (this.state.kind === 'closed') return CLOSED;
      if (res.ok) {
        this.everReady = true;
        this.backoff.reset();
        this.state = { kind: 'ready', since: this.opts.now() };
      } else if (res.code === 'aborted') {
        this.state = { kind: 'idle' };
      } else {
        this.state = { kind: 'backoff', retryAt: this.opts.now() + this.retryDelay(res), lastError: res };
      }
      return res;
    })();
    return this.pending;
  }

  private async attempt(signal: AbortSignal, ssl: boolean): Promise<Result<void>> {
    const opened = await openClient(this.target, this.opts.timeouts, ssl, signal, {
      onLost: (live, e) => this.lost(live, e),
      classify: (e) => this.classify(e),
    });
    if (!opened.ok) return opened;
    if (this.state.kind === 'closed') {
      destroyClient(opened.value);
      return CLOSED;
    }
    this.live = opened.value;
    return ok(undefined);
  }

  /** The server or network ended a live session: reconnect on next use, at once. */
  private lost(live: LiveClient, e: unknown): void {
    if (this.live !== live) return;
    this.drop(live, this.classify(e), 0);
  }

  private drop(live: LiveClient, failure: Failure | null, delayMs?: number): void {
    if (this.live === live) this.live = null;
    destroyClient(live);
    if (this.state.kind === 'closed') return;
    this.state = failure
      ? { kind: 'backoff', retryAt: this.opts.now() + (delayMs ?? this.retryDelay(failure)), lastError: failure }
      : { kind: 'idle' };
  }

  private retryDelay(failure: Failure): number {
    return this.everReady && failure.code !== 'timeout' ? 0 : this.backoff.next();
  }

  private classify(e: unknown, statement?: string): Failure {
    if (e instanceof AbortedError) return fail('aborted', 'the sample was cancelled');
    const t = this.target;
    return classifyPgError(e, { address: this.id, user: t.user, database: t.database, sslmode: t.sslmode, ...(statement ? { statement } : {}) });
  }

  describe(): string {
    return displayTarget(this.target);
  }

  async dispose(): Promise<void> {
    this.state = { kind: 'closed' };
    const live = this.live;
    this.live = null;
    if (!live) return;
    // Say goodbye politely, but never wait on a hung server for long.
    await withDeadline(live.client.end(), 500, new AbortController().signal, () => new Error('end timed out')).catch(() => undefined);
    destroyClient(live);
  }
}

