import { randomUUID } from 'node:crypto';
import { nodeLabel, type ActionRequest, type NodeActions } from '../../../shared/model/action';
import type { ActionRun, FenceOrder } from '../../../shared/ipc/actions';
import type { ClusterEvent } from '../../../shared/model/event';
import type { ClusterSample } from '../../../shared/model/sample';
import { fail, ok, type Result } from '../../../shared/result';
import type { ClusterRegistry } from '../monitor/cluster-registry';
import type { ActionJournal } from './action-journal';
import type { AuditLog } from './audit-log';
import { runPlan } from './action-runner';
import { toLogFormat } from '../errors';
import { manualLeft, owesFollowUp, watchRun } from './follow-up';
import { FollowUps } from './follow-up-effects';
import { plannerFor, unavailableEverywhere } from './action-routes';

export interface ActionServiceDeps {
  registry: ClusterRegistry;
  journal: ActionJournal;
  audit: AuditLog;
  actor: string;
  now(): number;
  onRun(run: ActionRun): void;
  /** Events about what an action left owed (fence on return) and how it settled. */
  onEvent?(event: Omit<ClusterEvent, 'id'>): void;
}

const PLAN_TTL_MS = 15 * 60_000;

/**
 * Why the fence step could not act, for the fence-on-return event: the step's
 * own detail up to its first "; " (our drivers add the promise to fence on
 * return after it, which the event states once itself), without "skipped: ".
 */
export function whyNotFenced(stepDetail: string): string {
  const cause = stepDetail.split('; ')[0] ?? '';
  return cause.replace(/^skipped: /, '') || 'its fence step could not act';
}

/**
 * Plans, confirms, runs and audits admin actions. A plan is a dry run; it runs
 * only after the admin types the cluster's name, only when no pre-flight
 * blocker failed, and only one action at a time per cluster.
 */
export class ActionService {
  private readonly runs = new Map<string, ActionRun>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly followUps: FollowUps;

  constructor(private readonly d: ActionServiceDeps) {
    this.followUps = new FollowUps({
      ...d,
      current: (planId) => this.runs.get(planId),
      publish: (run) => this.publish(run),
      event: (...a) => this.event(...a),
      plannerOf: (clusterId, kind) => {
        const m = d.registry.get(clusterId);
        return (m && plannerFor(m.capabilities, kind)) ?? null;
      },
    });
  }

  /** Loads actions a previous run of the app left unfinished, so the UI shows where they stopped. */
  async recover(): Promise<void> {
    for (const i of await this.d.journal.interrupted()) {
      this.publish({ plan: i.plan, status: 'interrupted', advice: i.advice });
    }
    for (const o of await this.d.journal.open()) {
      this.publish({ plan: o.plan, status: o.status, advice: null, fenceOnReturn: o.fenceOnReturn });
    }
  }

  available(clusterId: string): Result<NodeActions[]> {
    const m = this.d.registry.get(clusterId);
    if (!m) return fail('unknown-cluster', `no cluster with id ${clusterId}`);
    const sample = m.latest;
    if (!sample) return ok([]);
    const actions = m.capabilities.actions;
    if (actions) return ok(actions.availableActions(sample));
    const why = `${m.cluster.engine === 'agent' ? 'these agents' : `the ${m.cluster.engine} driver`} cannot run admin actions yet`;
    return ok(unavailableEverywhere(sample.nodes.map((n) => n.id), why));
  }

  async plan(request: ActionRequest): Promise<Result<ActionRun>> {
    const m = this.d.registry.get(request.clusterId);
    if (!m) return fail('unknown-cluster', `no cluster with id ${request.clusterId}`);
    const driver = plannerFor(m.capabilities, request.kind);
    if (!driver) return fail('not-supported', `${m.cluster.name}: this engine's driver cannot plan ${request.kind} yet`);
    const planned = await driver.planAction(request, AbortSignal.timeout(30_000)).catch((e: unknown) => fail('internal', toLogFormat(e)));
    if (!planned.ok) return planned;
    const run: ActionRun = { plan: { ...planned.value, id: planned.value.id || randomUUID() }, status: 'planned', advice: null };
    this.prune();
    this.publish(run);
    return ok(run);
  }

  async execute(planId: string, confirmName: string, reason?: string): Promise<Result<ActionRun>> {
    const planned = this.runs.get(planId);
    const run = planned && reason ? { ...planned, plan: { ...planned.plan, reason } } : planned;
    if (!run || run.status !== 'planned') return fail('unknown-plan', `no planned action ${planId}; plan it again`);
    const m = this.d.registry.get(run.plan.clusterId);
    if (!m) return fail('unknown-cluster', 'the cluster was removed after the plan was made');
    if (confirmName !== m.cluster.name) {
      return fail('confirmation-mismatch', `type the cluster's name exactly ("${m.cluster.name}") to confirm`);
    }
    if (this.d.now() - run.plan.createdAt > PLAN_TTL_MS) return fail('plan-expired', 'this plan is older than 15 minutes; plan it again');
    const blockers = run.plan.checks.filter((c) => !c.ok && c.severity === 'blocker');
    if (blockers.length) return fail('preflight-failed', blockers.map((c) => c.explanation).join('; '));
    const busy = [...this.runs.values()].find((r) => r.status === 'running' && r.plan.clusterId === run.plan.clusterId);
    if (busy) return fail('busy', `${busy.plan.kind} of ${busy.plan.target} is still running on this cluster`);
    const driver = plannerFor(m.capabilities, run.plan.kind);
    if (!driver) return fail('not-supported', `${m.cluster.name}: this engine's driver cannot run ${run.plan.kind}`);
    const abort = new AbortController();
    this.aborts.set(planId, abort);
    const started: ActionRun = { ...run, status: 'running' };
    this.publish(started);
    // The exact commands go in the audit: for a COMMIT PREPARED or a terminate they name the gid or pid.
    const params = { target: run.plan.target, targetName: nodeLabel(run.plan, run.plan.target), kind: run.plan.kind, planId, expectedDataLossBytes: run.plan.expectedDataLossBytes, commands: run.plan.steps.map((s) => s.command), ...(reason ? { reason } : {}) };
    await this.d.audit.append({ at: this.d.now(), actor: this.d.actor, clusterId: run.plan.clusterId, action: run.plan.kind, params, outcome: 'started' });
    void runPlan(run.plan, (step, signal) => driver.executeStep(run.plan, step, signal), this.d.journal, {
      now: this.d.now,
      signal: abort.signal,
      onProgress: (plan) => this.publish({ plan, status: 'running', advice: null }),
    })
      .then(async ({ outcome, plan, owed }) => {
        const fence = owed.find((o) => o.owes.kind === 'fence-on-return');
        const order: FenceOrder | null = fence
          ? { nodeId: fence.owes.nodeId, stepId: fence.step.id, since: this.d.now(), state: 'standing', endedAt: null, detail: fence.step.detail ?? '' }
          : null;
        const ended: ActionRun = { plan, status: outcome, advice: null, fenceOnReturn: order };
        if (owesFollowUp(ended)) await this.followUps.journal(ended);
        const failed = plan.steps.find((s) => s.state === 'failed');
        const detail = failed ? `: ${failed.title}: ${failed.detail ?? ''}` : outcome === 'done-manual' ? `: ${manualLeft(plan)}` : '';
        const owes = order ? `; fence of ${nodeLabel(plan, order.nodeId)} owed (it was down)` : '';
        const skipped = plan.steps.filter((s) => s.state === 'skipped' && s.id !== fence?.step.id);
        const notActed = skipped.length > 0 ? `; could not act (skipped): ${skipped.map((s) => s.title).join('; ')}` : '';
        // Audited before it is shown as ended: a run the UI calls done is in the audit log.
        await this.d.audit.append({ at: this.d.now(), actor: this.d.actor, clusterId: plan.clusterId, action: plan.kind, params, outcome: `${outcome}${detail}${owes}${notActed}` });
        this.publish(ended);
        if (order) this.event(plan.clusterId, 'fence-on-return', 'critical', order.nodeId, `${nodeLabel(plan, order.nodeId, true)} was not fenced (${whyNotFenced(order.detail)}); it is fenced as soon as it answers as a writable primary`);
      })
      .catch((e: unknown) => this.publish({ plan: run.plan, status: 'failed', advice: toLogFormat(e) }))
      .finally(() => this.aborts.delete(planId));
    return ok(started);
  }

  /**
   * Reads each sample against finished actions that still owe something: a
   * standing fence order is carried out the moment its node answers as a
   * writable primary (and ends when it answers fenced or in recovery); manual
   * rejoin steps are marked done once the node streams from the new primary.
   */
  observe(clusterId: string, sample: ClusterSample): void {
    for (const run of this.runs.values()) {
      if (run.plan.clusterId !== clusterId || !owesFollowUp(run)) continue;
      const seen = watchRun(run, sample);
      if (seen.fence?.kind === 'fence-now') void this.followUps.fenceOnReturn(run, seen.fence.detail);
      else if (seen.fence?.kind === 'cleared') void this.followUps.endFenceOrder(run, 'cleared', seen.fence.detail);
      if (seen.rejoined) void this.followUps.completeManual(run, seen.rejoined);
    }
  }

  abort(planId: string): boolean {
    const a = this.aborts.get(planId);
    a?.abort();
    return a !== undefined;
  }

  list(clusterId?: string): ActionRun[] {
    return [...this.runs.values()].filter((r) => !clusterId || r.plan.clusterId === clusterId).sort((a, b) => b.plan.createdAt - a.plan.createdAt);
  }

  private event(clusterId: string, kind: ClusterEvent['kind'], severity: ClusterEvent['severity'], nodeId: string | null, message: string): void {
    this.d.onEvent?.({ clusterId, at: this.d.now(), kind, severity, nodeId, message });
  }

  private publish(run: ActionRun): void {
    this.runs.set(run.plan.id, run);
    this.d.onRun(run);
  }

  /** Forgets stale plans that never ran, keeping history bounded. */
  private prune(): void {
    for (const [id, r] of this.runs) {
      if (r.status === 'planned' && this.d.now() - r.plan.createdAt > PLAN_TTL_MS) this.runs.delete(id);
    }
    const finished = [...this.runs.values()].filter((r) => r.status !== 'running' && r.status !== 'planned' && !owesFollowUp(r));
    for (const r of finished.slice(0, Math.max(0, finished.length - 200))) this.runs.delete(r.plan.id);
  }
}
