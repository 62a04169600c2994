import type { Timeouts } from '../../../../shared/model/cluster';
import { fail, ok, type Result } from '../../../../shared/result';
import { parseServerAddress, type ServerAddress } from '../server-address';
import { ServerConnection } from '../server-connection';

export type Row = Record<string, unknown>;

/** MASTER_GTID_WAIT polls in slices of at most this, so a query never outlives its timeout. */
export const WAIT_SLICE_S = 1;
const STEP_QUERY_TIMEOUT_MS = 10_000;

/**
 * The connections actions use, by node id (`host:port`), kept between steps
 * and closed on dispose. They are separate from the monitoring connections, so
 * a fence can end every client session but the one it runs in.
 */
export class ActionSessions {
  private readonly conns = new Map<string, ServerConnection>();

  constructor(
    private readonly login: { user: string; password: string },
    private readonly timeouts: Timeouts,
    private readonly now: () => number,
  ) {}

  addressOf(nodeId: string): Result<ServerAddress> {
    return parseServerAddress(nodeId);
  }

  /** Runs one statement on `nodeId`; rows for a SELECT/SHOW, the OK packet otherwise. */
  async query(nodeId: string, sql: string, signal: AbortSignal, values: unknown[] = []): Promise<Result<Row[]>> {
    let c = this.conns.get(nodeId);
    if (!c) {
      const a = parseServerAddress(nodeId);
      if (!a.ok) return a;
      c = new ServerConnection(a.value, {
        ...this.login,
        connectTimeoutMs: this.timeouts.connectTimeoutMs,
        queryTimeoutMs: Math.max(this.timeouts.queryTimeoutMs, STEP_QUERY_TIMEOUT_MS),
        now: this.now,
      });
      this.conns.set(nodeId, c);
    }
    let r = await c.query(sql, signal, values);
    // Global privileges are fixed when a session logs in: a GRANT given after (the plan said what was missing)
    // counts only in a new session, so a refused statement is tried once more in one.
    if (!r.ok && r.code === 'missing-privilege') {
      c.close();
      r = await c.query(sql, signal, values);
    }
    if (!r.ok) return fail(r.code, r.reason);
    return ok(Array.isArray(r.value) ? (r.value as Row[]) : []);
  }

  /** Statements in order, stopping at the first failure (named with its statement). */
  async run(nodeId: string, statements: readonly { sql: string; values?: unknown[] }[], signal: AbortSignal): Promise<Result<Row[]>> {
    let last: Result<Row[]> = ok([]);
    for (const s of statements) {
      last = await this.query(nodeId, s.sql, signal, s.values ?? []);
      if (!last.ok) return fail(last.code, `${s.sql.split('\n')[0]}: ${last.reason}`);
    }
    return last;
  }

  dispose(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }
}

/** Polls `f` until it returns ok, or the deadline; the last failure explains. */
export async function pollUntil<T>(f: () => Promise<Result<T>>, what: string, opts: { timeoutMs: number; signal: AbortSignal; intervalMs?: number }): Promise<Result<T>> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: Result<T> = fail('timeout', `${what}: not yet`);
  while (!opts.signal.aborted) {
    last = await f();
    if (last.ok || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
  if (last.ok) return last;
  return fail(opts.signal.aborted ? 'aborted' : last.code, `waited ${opts.timeoutMs} ms for ${what}: ${last.reason}`);
}

export const str = (x: unknown): string => (x === null || x === undefined ? '' : String(x));
export const flag = (x: unknown): boolean => x === 1 || x === '1' || x === true || x === 'ON';
