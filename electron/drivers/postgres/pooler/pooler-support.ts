import type { ActionPlan, ActionRequest, ActionStep, StepReport } from '../../../../shared/model/action';
import { nodeLabel } from '../../../../shared/model/action';
import type { Timeouts } from '../../../../shared/model/cluster';
import { poolerId, type PoolerReading, type PoolerSpec } from '../../../../shared/model/pooler';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import type { Logger } from '../../../core/logger';
import type { PgTarget } from '../conn-string';
import type { NodeConnection } from '../node-connection';
import { disposeAll, StepSession } from '../actions/session';
import { PoolerAgents } from './pooler-agents';
import { extendPlan, rolesOf } from './pooler-plan';
import { recoverPaused, type InnerExecutor } from './pooler-recovery';
import { PoolerRuns } from './pooler-run';
import { parsePoolerStepId } from './pooler-step-id';
import { executePoolerStep, type PoolerStepDeps } from './pooler-steps';
import { bypassing, countOf, readClientSessions, type ClientSession } from './primary-sessions';
import { nodeAtFrom, readPooler } from './read-pooler';

export interface PoolerSupportDeps {
  specs: readonly PoolerSpec[];
  ids(): string[];
  targetOf(id: string): PgTarget | null;
  timeouts: Timeouts;
  now(): number;
  log: Logger;
}

/** The poolers of one PostgreSQL cluster: readings for samples, plan steps, and their execution. */
export class PoolerSupport {
  private readonly agents: PoolerAgents;
  private readonly runs = new PoolerRuns();
  /** `poolerId/database` of every route seen carrying writes (to the writable primary). */
  private readonly writeRoutes = new Set<string>();
  private readonly pool = new Map<string, NodeConnection>();
  private readonly nodeAt;

  constructor(private readonly d: PoolerSupportDeps) {
    this.agents = new PoolerAgents(d.specs, { log: d.log, now: d.now, connectTimeoutMs: d.timeouts.connectTimeoutMs });
    this.nodeAt = nodeAtFrom(d.ids);
  }

  get present(): boolean {
    return this.d.specs.length > 0;
  }

  waitAgents(timeoutMs: number): Promise<boolean> {
    return this.agents.waitReady(timeoutMs);
  }

  read(): Promise<PoolerReading[]> {
    return Promise.all(
      this.d.specs.map(async (s) => {
        const r = await readPooler(s, { nodeAt: this.nodeAt, agent: this.agents.state(poolerId(s)), timeoutMs: this.d.timeouts.connectTimeoutMs, now: this.d.now });
        return { ...r, heldPausedSince: this.runs.pausedSince(r.id) };
      }),
    );
  }

  /** Adds `poolers` to the sample, and a note on the primary naming the sessions that bypass them. */
  async annotate(sample: ClusterSample, signal: AbortSignal): Promise<void> {
    if (!this.present) return;
    const primary = sample.nodes.find((n) => n.role === 'primary' && n.status.kind === 'up');
    const sessions = primary ? await this.sessions(primary.id, signal) : null;
    sample.poolers = this.markWriteRoutes(await this.read(), sample);
    if (!primary || !sessions || typeof sessions === 'string') return;
    const direct = bypassing(sessions, localAddrs(sample.poolers));
    if (direct.length > 0) primary.notes = [...(primary.notes ?? []), `${countOf(direct.length, 'session')} ${direct.length === 1 ? 'bypasses' : 'bypass'} the pooler: ${direct.length === 1 ? 'it' : 'they'} will see errors in a switchover`];
  }

  /**
   * Each database seen routing to the writable primary is a write route from then on: if it is later
   * left on a node that refuses writes, the pooler-misrouted alarm says so (a read-only route never was one).
   */
  private markWriteRoutes(readings: PoolerReading[], sample: ClusterSample): PoolerReading[] {
    const writable = new Set(sample.nodes.filter((n) => n.role === 'primary' && n.status.kind === 'up' && !n.readOnly && !n.fenced).map((n) => n.id));
    return readings.map((r) => ({
      ...r,
      databases: r.databases.map((db) => {
        const key = `${r.id}/${db.name}`;
        if (db.targetNodeId !== null && writable.has(db.targetNodeId)) this.writeRoutes.add(key);
        return { ...db, writeRoute: this.writeRoutes.has(key) };
      }),
    }));
  }

  /** A switchover or failover plan with the poolers' checks and steps. */
  async extend(plan: Result<ActionPlan>, request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    if (!plan.ok || !this.present || (plan.value.kind !== 'switchover' && plan.value.kind !== 'failover')) return plan;
    const { old } = rolesOf(plan.value);
    // Only a PAUSE needs the old primary's sessions; a failover's old primary is gone (a connect timeout on a dead host).
    const pausing = plan.value.kind === 'switchover' && (request.poolers ?? 'pause') === 'pause';
    const sessions: ClientSession[] | string = !pausing ? 'not read: no PAUSE in this plan' : old ? await this.sessions(old, signal) : 'no old primary';
    const readings = await this.read();
    const bypass = typeof sessions === 'string' ? sessions : bypassing(sessions, localAddrs(readings));
    return ok(
      extendPlan(plan.value, {
        readings,
        specs: this.d.specs,
        sessions,
        bypass,
        mode: request.poolers ?? 'pause',
        endpointOf: (id) => {
          const t = this.d.targetOf(id);
          return t ? { host: t.host, port: t.port } : null;
        },
      }),
    );
  }

  /**
   * Runs a step of a plan that has pooler steps (null otherwise: the caller runs it). A step
   * that fails while the poolers are paused keeps them paused while the cluster is put back
   * in a state that takes writes, then resumes them (pooler-recovery.ts).
   */
  executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal, inner: InnerExecutor): Promise<Result<StepReport>> | null {
    if (!plan.steps.some((s) => parsePoolerStepId(s.id))) return null;
    return this.run(plan, step, signal, inner);
  }

  private async run(plan: ActionPlan, step: ActionStep, signal: AbortSignal, inner: InnerExecutor): Promise<Result<StepReport>> {
    const ref = parsePoolerStepId(step.id);
    const run = this.runs.of(plan.id);
    const session = new StepSession(this.d.targetOf, this.d.timeouts, this.d.now, signal, this.pool);
    session.nameOf = (id) => nodeLabel(plan, id);
    const deps: PoolerStepDeps = {
      spec: (id) => this.d.specs.find((s) => poolerId(s) === id) ?? null,
      agents: this.agents,
      run,
      session,
      targetOf: this.d.targetOf,
      nodeAt: this.nodeAt,
      connectTimeoutMs: this.d.timeouts.connectTimeoutMs,
      now: this.d.now,
    };
    try {
      if (ref && plan.checks.some((c) => !c.ok && c.severity === 'blocker')) return fail('preflight-failed', 'the plan has failing checks');
      const r = ref ? await executePoolerStep(deps, ref) : await inner(step);
      if (r.ok || run.paused.length === 0) return r;
      if (ref?.op === 'pooler-pause') {
        // Nothing was touched yet: only resume the poolers paused before this one.
        const resumed = await Promise.all(run.paused.map((id) => executePoolerStep(deps, { op: 'pooler-resume', pooler: id, node: null, old: null })));
        return fail(r.code, `${r.reason}; resumed the poolers paused before: ${resumed.map((x) => (x.ok ? 'ok' : x.reason)).join('; ')}`);
      }
      const rec = await recoverPaused(deps, plan, inner);
      return fail(r.code, `${r.reason}; the poolers stayed paused while ReplicaDesk recovered: ${rec}`);
    } finally {
      await session.dispose();
      if (run.paused.length === 0 && run.admins.size === 0) await this.runs.end(plan.id);
    }
  }

  /** Never leaves a pooler paused: RESUME on the run's own connection for any run still holding one. */
  async dispose(): Promise<void> {
    for (const [planId, run] of this.runs.all()) {
      for (const id of run.paused) {
        const r = await run.admins.get(id)?.run('RESUME', 5_000);
        if (r && !r.ok) this.d.log.warn('RESUME at dispose failed', { planId, pooler: id, reason: r.reason });
      }
      await this.runs.end(planId);
    }
    this.agents.dispose();
    await disposeAll(this.pool);
  }

  private async sessions(node: string, signal: AbortSignal): Promise<ClientSession[] | string> {
    const s = new StepSession(this.d.targetOf, this.d.timeouts, this.d.now, signal, this.pool);
    try {
      const r = await readClientSessions(s, node);
      return r.ok ? r.value : r.reason;
    } finally {
      await s.dispose();
    }
  }
}

function localAddrs(readings: readonly PoolerReading[]): Set<string> {
  return new Set(readings.flatMap((r) => r.localAddrs));
}

