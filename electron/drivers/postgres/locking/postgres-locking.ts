import { randomBytes } from 'node:crypto';
import type { ActionPlan, ActionRequest, ActionStep, LockingActionKind } from '../../../../shared/model/action';
import type { Timeouts } from '../../../../shared/model/cluster';
import type { NodeLocking } from '../../../../shared/model/locking';
import { ok, type Result } from '../../../../shared/result';
import type { Disposable } from '../../../core/lifecycle';
import type { PgTarget } from '../conn-string';
import { executeLockingStep } from './execute-locking';
import { LockingReader } from './locking-reader';
import { planLocking, type SessionFacts } from './plan-locking';

export interface LockingDeps {
  clusterId: string;
  /** The nodes the driver knows now, with where to log in. */
  nodes(): { id: string; target: PgTarget }[];
  targetOf(nodeId: string): PgTarget | null;
  timeouts: Timeouts;
  now(): number;
}

const SESSION_SQL = (pid: number) => `SELECT pid, usename AS user, datname AS database, application_name AS application, state,
  left(query, 500) AS query, backend_type, (1000000 * extract(epoch FROM backend_start))::bigint::text AS start_us,
  1000 * extract(epoch FROM clock_timestamp() - xact_start) AS xact_ms,
  pid = pg_backend_pid() OR application_name = 'replicadesk' AS self
  FROM pg_stat_activity WHERE pid = ${pid}`;

type SessionRow = { pid: number; user: string | null; database: string | null; application: string | null; state: string | null; query: string | null; backend_type: string; start_us: string; xact_ms: number | null; self: boolean };

/** The postgres driver's locking half: reading in-doubt transactions and blocking chains, and acting on them. */
export class PostgresLocking implements Disposable {
  private readonly reader: LockingReader;

  constructor(private readonly deps: LockingDeps) {
    this.reader = new LockingReader(deps.timeouts, deps.now);
  }

  read(signal: AbortSignal): Promise<NodeLocking[]> {
    return this.reader.read(this.deps.nodes(), signal);
  }

  async plan(request: ActionRequest & { kind: LockingActionKind }, signal: AbortSignal): Promise<Result<ActionPlan>> {
    const nodes = await this.read(signal);
    const session = request.pid ? await this.session(request.target, request.pid, signal) : null;
    const now = this.deps.now();
    const parts = planLocking({ request, nodes, session, now });
    return ok({
      id: `${request.kind}-${now}-${randomBytes(4).toString('hex')}`,
      clusterId: this.deps.clusterId,
      kind: request.kind,
      target: parts.target,
      createdAt: now,
      checks: parts.checks,
      steps: parts.steps,
      expectedDataLossBytes: null,
      expectedUnavailableMs: 0,
    });
  }

  executeStep(step: ActionStep, signal: AbortSignal): Promise<Result<string>> {
    return executeLockingStep(this.deps, step, signal);
  }

  async dispose(): Promise<void> {
    await this.reader.dispose();
  }

  private async session(nodeId: string, pid: number, signal: AbortSignal): Promise<SessionFacts | null> {
    const rows = await this.reader.query<SessionRow>(nodeId, this.deps.targetOf(nodeId), SESSION_SQL(pid), signal);
    const r = rows.ok ? rows.value[0] : undefined;
    if (!r) return null;
    return {
      pid: r.pid,
      user: r.user,
      database: r.database,
      application: r.application ?? '',
      state: r.state,
      query: r.query ?? '',
      backendType: r.backend_type,
      backendStartUs: r.start_us,
      xactMs: r.xact_ms,
      self: r.self,
    };
  }
}
