import type { NodeBackend } from '../backend';
import type { AnyAgentCommand, AnyAgentCommandName, HostCommand } from '../../shared/agent/commands';
import type { AgentEvent } from '../../shared/agent/events';
import type { NodeReport } from '../../shared/agent/report';
import { assertNever, fail, ok, type Result } from '../../shared/result';
import type { LocalPostgresHost } from './local-host';
import { LocalSql, nodeIdOf, type LocalLogin } from './local-sql';
import { nodeReport, notReadReport, REPORT_SQL, type ReportRow } from './report';

export const HOST_COMMAND_NAMES = ['stop', 'start', 'controlData', 'rewind', 'writeStandbyConfig'] as const satisfies readonly HostCommand['name'][];

export interface PostgresBackendOptions {
  /** The local server's login (the agent reads it over SQL for its reports). */
  login: LocalLogin;
  host: LocalPostgresHost;
  /** Defaults to `host:port` of the login. The app names nodes by the address it reaches them at. */
  nodeId?: string;
  /** Connect and query timeout for reports. */
  queryTimeoutMs?: number;
  /** Longest a host command may run (pg_rewind of a large server takes a while). */
  commandTimeoutMs?: number;
  now?: () => number;
}

/**
 * The agent's `postgres` backend: one local PostgreSQL server. Reports it
 * (one small query), and does what needs the host:
 * stop, start, pg_controldata, pg_rewind, standby configuration. Host commands
 * run one at a time. The agent stays alive while the server is stopped; its
 * report then says `down`.
 */
export class PostgresBackend implements NodeBackend {
  readonly engine = 'postgres' as const;
  readonly nodeId: string;
  private readonly sql: LocalSql;
  private readonly now: () => number;
  private last: NodeReport | null = null;
  private failingSince: number | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly lifetime = new AbortController();

  constructor(private readonly o: PostgresBackendOptions) {
    this.nodeId = o.nodeId ?? nodeIdOf(o.login.host, o.login.port);
    this.now = o.now ?? Date.now;
    this.sql = new LocalSql(o.login, o.queryTimeoutMs ?? 2_000);
  }

  capabilities(): AnyAgentCommandName[] {
    return [...HOST_COMMAND_NAMES];
  }

  async report(): Promise<Result<NodeReport>> {
    const res = await this.sql.query<ReportRow>(REPORT_SQL);
    const takenAt = this.now();
    const row = res.ok ? res.value[0] : undefined;
    if (row) {
      this.failingSince = null;
      this.last = nodeReport(this.nodeId, row, takenAt);
      return ok(this.last);
    }
    this.failingSince ??= takenAt;
    const reason = res.ok ? 'the report query returned no row' : res.reason;
    return ok(notReadReport(this.nodeId, this.last, { running: await this.o.host.isRunning(), reason }, this.failingSince, takenAt));
  }

  command(cmd: AnyAgentCommand): Promise<Result<unknown>> {
    if (!isHostCommand(cmd)) return Promise.resolve(fail('not-supported', `the postgres agent does ${HOST_COMMAND_NAMES.join(', ')}; ${cmd.name} goes over SQL`));
    // One host command at a time: a start must not race a rewind.
    const run = this.queue.then(() => this.hostCommand(cmd));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private hostCommand(cmd: HostCommand): Promise<Result<unknown>> {
    const signal = AbortSignal.any([this.lifetime.signal, AbortSignal.timeout(this.o.commandTimeoutMs ?? 300_000)]);
    const h = this.o.host;
    switch (cmd.name) {
      case 'stop':
        return h.stop(signal);
      case 'start':
        return h.start(signal);
      case 'controlData':
        return h.controlData(signal);
      case 'rewind':
        return h.rewind(cmd.source, signal);
      case 'writeStandbyConfig':
        return h.writeStandbyConfig(cmd.upstream);
      default:
        return assertNever(cmd, 'host command');
    }
  }

  onEvent(_listener: (event: AgentEvent) => void): () => void {
    return () => undefined;
  }

  /** The agent is alive while the server is stopped: its report says so. */
  isAlive(): boolean {
    return !this.lifetime.signal.aborted;
  }

  async dispose(): Promise<void> {
    this.lifetime.abort();
    await this.sql.dispose();
  }
}

export function isHostCommand(cmd: AnyAgentCommand): cmd is HostCommand {
  return (HOST_COMMAND_NAMES as readonly string[]).includes(cmd.name);
}

