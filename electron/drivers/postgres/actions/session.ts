import type pg from 'pg';
import type { Timeouts } from '../../../../shared/model/cluster';
import { fail, ok, type Result } from '../../../../shared/result';
import { Backoff } from '../../../../shared/backoff';
import type { PgTarget } from '../conn-string';
import { NodeConnection } from '../node-connection';

/** pg_promote(true, 60) waits up to a minute. */
const ACTION_QUERY_TIMEOUT_MS = 65_000;

/**
 * The connections steps use, by node id: opened on first use with a long
 * query timeout and a short reconnect backoff. With a shared `pool` they
 * outlive the step (the next step of a switchover saves a login); without
 * one they are closed when the step ends. Our sessions are named
 * `replicadesk`, so fencing a node does not end them.
 */
export class StepSession {
  private readonly conns: Map<string, NodeConnection>;

  constructor(
    private readonly targetOf: (nodeId: string) => PgTarget | null,
    private readonly timeouts: Timeouts,
    private readonly now: () => number,
    readonly signal: AbortSignal,
    private readonly pool: Map<string, NodeConnection> | null = null,
  ) {
    this.conns = pool ?? new Map();
  }

  async query<R extends pg.QueryResultRow>(nodeId: string, sql: string, params?: unknown[]): Promise<Result<R[]>> {
    let conn = this.conns.get(nodeId);
    if (!conn) {
      const target = this.targetOf(nodeId);
      if (!target) return fail('unknown-node', `${nodeId} is not a node of this cluster`);
      conn = new NodeConnection(target, {
        timeouts: { connectTimeoutMs: this.timeouts.connectTimeoutMs, queryTimeoutMs: ACTION_QUERY_TIMEOUT_MS },
        now: this.now,
        backoff: new Backoff({ baseMs: 100, maxMs: 500 }),
      });
      this.conns.set(nodeId, conn);
    }
    const first = await conn.query<R>(sql, this.signal, undefined, params);
    // A kept session may have died with a restart since its last use: one fresh try.
    return !first.ok && first.code === 'connection-lost' ? conn.query<R>(sql, this.signal, undefined, params) : first;
  }

  /** Runs statements in order, stopping at the first failure; returns the last one's rows. */
  async run<R extends pg.QueryResultRow>(nodeId: string, sqls: readonly string[]): Promise<Result<R[]>> {
    let last: Result<R[]> = ok([]);
    for (const sql of sqls) {
      last = await this.query<R>(nodeId, sql);
      if (!last.ok) return fail(last.code, `${sql.split('\n')[0]}: ${last.reason}`);
    }
    return last;
  }

  /** The node's display name (cluster_name), for details; its id when unknown. */
  nameOf: (nodeId: string) => string = (id) => id;

  endpoint(nodeId: string): { host: string; port: number } | null {
    const t = this.targetOf(nodeId);
    return t ? { host: t.host, port: t.port } : null;
  }

  async dispose(): Promise<void> {
    if (!this.pool) await disposeAll(this.conns);
  }
}

export async function disposeAll(conns: Map<string, NodeConnection>): Promise<void> {
  const all = [...conns.values()];
  conns.clear();
  await Promise.allSettled(all.map((c) => c.dispose()));
}

/** Failures worth another try while waiting: not there yet, or the server is restarting. */
const RETRY = new Set(['not-yet', 'connection-refused', 'connection-lost', 'timeout']);

/**
 * Calls `probe` every `intervalMs` until it gives a value (ok) or a hard
 * failure (one not in RETRY), or `timeoutMs` pass.
 */
export async function pollUntil<T>(
  probe: () => Promise<Result<T>>,
  what: string,
  opts: { timeoutMs: number; intervalMs?: number; signal: AbortSignal },
): Promise<Result<T>> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = 'nothing yet';
  for (;;) {
    const r = await probe();
    if (r.ok) return r;
    if (!RETRY.has(r.code)) return r;
    last = r.reason;
    if (opts.signal.aborted) return fail('aborted', `stopped waiting for ${what}: the action was cancelled`);
    if (Date.now() > deadline) return fail('timeout', `${what} did not happen within ${opts.timeoutMs / 1000} s (last: ${last})`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

export const notYet = (reason: string) => fail('not-yet', reason);
