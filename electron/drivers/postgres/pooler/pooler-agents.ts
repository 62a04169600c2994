import type { PoolerSpec } from '../../../../shared/model/pooler';
import { poolerId } from '../../../../shared/model/pooler';
import { fail, ok, type Result } from '../../../../shared/result';
import { Backoff } from '../../../../shared/backoff';
import type { Logger } from '../../../core/logger';
import { AgentConnection } from '../../agent/connection';
import { CLIENT_VERSION } from '../../agent/driver';
import type { AgentState } from './read-pooler';

/** The agents beside the poolers (`replicadesk-agent --backend pgbouncer`): they re-point `[databases]` entries. */
export class PoolerAgents {
  private readonly byPooler = new Map<string, AgentConnection>();

  constructor(poolers: readonly PoolerSpec[], o: { log: Logger; now(): number; connectTimeoutMs: number }) {
    for (const p of poolers) {
      if (!p.agent) continue;
      const conn = new AgentConnection({
        url: p.agent.url,
        token: p.agent.token,
        intervalMs: 60_000,
        clientVersion: CLIENT_VERSION,
        backoff: new Backoff({ baseMs: 500, maxMs: 10_000 }),
        now: o.now,
        log: o.log,
        connectTimeoutMs: o.connectTimeoutMs,
        commandTimeoutMs: 30_000,
      });
      this.byPooler.set(poolerId(p), conn);
      conn.start();
    }
  }

  state(id: string): AgentState {
    const c = this.byPooler.get(id);
    if (!c) return 'none';
    const st = c.status;
    if (st.kind !== 'ready') return 'connecting';
    return st.welcome.capabilities.includes('poolerRepoint') ? 'ready' : 'cannot-repoint';
  }

  /** Resolves once every agent is ready (true), or false at the deadline. */
  async waitReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ([...this.byPooler.keys()].some((id) => this.state(id) !== 'ready')) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  async repoint(id: string, database: string, host: string, port: number): Promise<Result<string>> {
    const c = this.byPooler.get(id);
    if (!c) return fail('needs-agent', `no agent runs beside ${id}: PgBouncer 1.18's admin console cannot re-point a database`);
    const r = await c.command({ name: 'poolerRepoint', database, host, port });
    if (!r.ok) return fail(r.code, `agent beside ${id}: ${r.reason}`);
    return ok(typeof r.value === 'string' ? r.value : JSON.stringify(r.value));
  }

  dispose(): void {
    for (const c of this.byPooler.values()) c.dispose();
    this.byPooler.clear();
  }
}
