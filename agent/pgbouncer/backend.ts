import type { NodeBackend } from '../backend';
import type { AnyAgentCommand, AnyAgentCommandName, PoolerCommand } from '../../shared/agent/commands';
import type { AgentEvent } from '../../shared/agent/events';
import type { NodeReport } from '../../shared/agent/report';
import { fail, ok, type Result } from '../../shared/result';
import { adminQuery, type AdminLogin } from './admin-console';
import { rewriteIniFile } from './ini-file';
import { validateTarget } from './ini-rewrite';

export interface PgbouncerBackendOptions {
  /** The pgbouncer.ini PgBouncer runs with. */
  iniFile: string;
  /** An `admin_users` login on the local PgBouncer. */
  admin: AdminLogin;
  nodeId?: string;
  now?: () => number;
}

/**
 * The agent beside a PgBouncer: re-points a `[databases]` entry (PgBouncer 1.18's admin console cannot), by
 * rewriting it in the ini file and sending RELOAD, and observes the effect with SHOW DATABASES. Its report
 * only says whether the admin console answers: the app reads the pooler's state itself.
 */
export class PgbouncerBackend implements NodeBackend {
  readonly engine = 'pgbouncer' as const;
  readonly nodeId: string;
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly o: PgbouncerBackendOptions) {
    this.nodeId = o.nodeId ?? `pooler:${o.admin.host}:${o.admin.port}`;
    this.now = o.now ?? Date.now;
  }

  capabilities(): AnyAgentCommandName[] {
    return ['poolerRepoint'];
  }

  async report(): Promise<Result<NodeReport>> {
    const takenAt = this.now();
    const v = await adminQuery(this.o.admin, 'SHOW VERSION');
    const version = v.ok ? String(Object.values(v.value[0] ?? {})[0] ?? '') : null;
    return ok({
      clusterKind: 'primary-replica',
      node: {
        id: this.nodeId,
        name: this.nodeId,
        address: `${this.o.admin.host}:${this.o.admin.port}`,
        role: 'unknown',
        status: v.ok ? { kind: 'up' } : { kind: 'unreachable', since: takenAt, reason: v.reason },
        version,
        lastSeenAt: v.ok ? takenAt : null,
      },
      links: [],
      slots: [],
      consensus: null,
      takenAt,
    });
  }

  command(cmd: AnyAgentCommand): Promise<Result<unknown>> {
    if (cmd.name !== 'poolerRepoint') return Promise.resolve(fail('not-supported', `the pgbouncer agent does poolerRepoint only; not ${cmd.name}`));
    // One rewrite at a time: two would race on the file.
    const run = this.queue.then(() => this.repoint(cmd));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async repoint(cmd: PoolerCommand): Promise<Result<string>> {
    const target = validateTarget({ database: cmd.database, host: cmd.host, port: cmd.port });
    if (!target.ok) return target;
    const t = target.value;
    const written = rewriteIniFile(this.o.iniFile, t);
    if (!written.ok) return written;
    const reload = await adminQuery(this.o.admin, 'RELOAD');
    if (!reload.ok) return fail(reload.code, `wrote "${written.value.after}" but ${reload.reason}`);
    const dbs = await adminQuery(this.o.admin, 'SHOW DATABASES');
    if (!dbs.ok) return fail(dbs.code, `reloaded, but ${dbs.reason}`);
    const row = dbs.value.find((r) => r.name === t.database);
    const seen = row ? `${String(row.host)}:${String(row.port)}` : 'no such database';
    if (!row || String(row.host) !== t.host || Number(row.port) !== t.port) {
      return fail('not-repointed', `wrote "${written.value.after}" and sent RELOAD, but SHOW DATABASES shows ${t.database} → ${seen}`);
    }
    return ok(`${written.value.changed ? `rewrote "${written.value.before}" as "${written.value.after}"` : 'the entry already named it'}; RELOAD; SHOW DATABASES: ${t.database} → ${seen}`);
  }

  onEvent(_listener: (event: AgentEvent) => void): () => void {
    return () => undefined;
  }

  isAlive(): boolean {
    return !this.disposed;
  }

  dispose(): void {
    this.disposed = true;
  }
}
