import type pg from 'pg';
import type { Timeouts } from '../../../../shared/model/cluster';
import type { NodeLocking } from '../../../../shared/model/locking';
import { fail, type Result } from '../../../../shared/result';
import type { Disposable } from '../../../core/lifecycle';
import type { PgTarget } from '../conn-string';
import { NodeConnection } from '../node-connection';
import { disposeAll } from '../actions/session';
import { LOCKING_SQL } from './locking-sql';
import { parseLocking, unreadNode } from './parse-locking';

/**
 * Reads prepared transactions, blocking sessions and standby conflicts on
 * every node, over connections of its own (a slow locking read never delays
 * the 1 Hz sample). One statement per node per read.
 */
export class LockingReader implements Disposable {
  private readonly conns = new Map<string, NodeConnection>();

  constructor(
    private readonly timeouts: Timeouts,
    private readonly now: () => number,
  ) {}

  async read(nodes: readonly { id: string; target: PgTarget }[], signal: AbortSignal): Promise<NodeLocking[]> {
    for (const [id, conn] of this.conns) {
      if (!nodes.some((n) => n.id === id)) {
        this.conns.delete(id);
        void conn.dispose();
      }
    }
    return Promise.all(nodes.map((n) => this.readNode(n.id, n.target, signal)));
  }

  /** One statement on a node's locking connection (planning reads the acted-on session here). */
  async query<R extends pg.QueryResultRow>(id: string, target: PgTarget | null, sql: string, signal: AbortSignal): Promise<Result<R[]>> {
    if (!target) return fail('unknown-node', `${id} is not a node of this cluster`);
    return this.connection(id, target).query<R>(sql, signal);
  }

  async dispose(): Promise<void> {
    await disposeAll(this.conns);
  }

  private connection(id: string, target: PgTarget): NodeConnection {
    let conn = this.conns.get(id);
    if (!conn) {
      conn = new NodeConnection(target, { timeouts: this.timeouts, now: this.now });
      this.conns.set(id, conn);
    }
    return conn;
  }

  private async readNode(id: string, target: PgTarget, signal: AbortSignal): Promise<NodeLocking> {
    const rows = await this.connection(id, target).query(LOCKING_SQL, signal, 'replicadesk_locking');
    const readAt = this.now();
    if (!rows.ok) return unreadNode(id, readAt, rows.reason);
    const parsed = parseLocking(id, rows.value[0], readAt);
    return parsed.ok ? parsed.value : unreadNode(id, readAt, parsed.reason);
  }
}
