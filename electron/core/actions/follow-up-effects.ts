import { nodeLabel, type ActionKind } from '../../../shared/model/action';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ClusterEvent } from '../../../shared/model/event';
import { fail } from '../../../shared/result';
import type { ActionCapable } from '../driver';
import { toLogFormat } from '../errors';
import type { ActionJournal } from './action-journal';
import { settle } from './action-runner';
import type { AuditLog } from './audit-log';
import { markManualDone } from './follow-up';

export interface FollowUpDeps {
  journal: ActionJournal;
  audit: AuditLog;
  actor: string;
  now(): number;
  current(planId: string): ActionRun | undefined;
  publish(run: ActionRun): void;
  event(clusterId: string, kind: ClusterEvent['kind'], severity: ClusterEvent['severity'], nodeId: string | null, message: string): void;
  /** What runs `kind`'s steps on the cluster (the action routes' planner), if anything. */
  plannerOf(clusterId: string, kind: ActionKind): ActionCapable | null;
}

/**
 * What core does about a finished action that still owes something, once a
 * sample shows it (follow-up.ts decides): fence a returning old primary with
 * the same step, end a fence order, turn a done-manual run done. Each is
 * published, journalled (so it survives a restart), evented and audited.
 */
export class FollowUps {
  /** Plan ids whose fence-on-return step is running now (one at a time). */
  private readonly fencing = new Set<string>();

  constructor(private readonly d: FollowUpDeps) {}

  async fenceOnReturn(run: ActionRun, why: string): Promise<void> {
    const order = run.fenceOnReturn;
    const m = this.d.plannerOf(run.plan.clusterId, run.plan.kind);
    const step = run.plan.steps.find((s) => s.id === order?.stepId);
    if (!order || !step || !m || this.fencing.has(run.plan.id)) return;
    this.fencing.add(run.plan.id);
    try {
      const res = settle(await m.executeStep(run.plan, step, AbortSignal.timeout(30_000)).catch((e: unknown) => fail('exception', toLogFormat(e))));
      const name = nodeLabel(run.plan, order.nodeId);
      await this.d.audit.append({ at: this.d.now(), actor: this.d.actor, clusterId: run.plan.clusterId, action: 'fence', params: { target: order.nodeId, targetName: nodeLabel(run.plan, order.nodeId), planId: run.plan.id, onReturn: true }, outcome: `${res.state}: ${res.detail}` });
      if (res.state !== 'done') {
        this.d.event(run.plan.clusterId, 'fence-on-return', 'critical', order.nodeId, `${name} answers writable (${why}) and fencing it ${res.state === 'failed' ? 'failed' : 'could not act'}: ${res.detail}`);
        return;
      }
      const current = this.d.current(run.plan.id) ?? run;
      const plan = structuredClone(current.plan);
      const s = plan.steps.find((x) => x.id === step.id);
      if (s) Object.assign(s, { state: 'done', endedAt: this.d.now(), detail: `fenced on return: ${res.detail}` });
      await this.endFenceOrder({ ...current, plan }, 'fenced', `${why}; fenced at once: ${res.detail}`);
    } finally {
      this.fencing.delete(run.plan.id);
    }
  }

  async endFenceOrder(run: ActionRun, state: 'fenced' | 'cleared', detail: string): Promise<void> {
    const order = run.fenceOnReturn;
    if (!order || order.state !== 'standing') return;
    const next: ActionRun = { ...run, fenceOnReturn: { ...order, state, endedAt: this.d.now(), detail } };
    this.d.publish(next);
    this.d.event(run.plan.clusterId, 'fence-on-return-cleared', 'info', order.nodeId, `fence on return of ${nodeLabel(run.plan, order.nodeId, true)} ${state === 'fenced' ? 'done' : 'no longer needed'}: ${detail}`);
    await this.journal(next);
  }

  async completeManual(run: ActionRun, seen: string): Promise<void> {
    const current = this.d.current(run.plan.id) ?? run;
    if (current.status !== 'done-manual') return;
    const plan = markManualDone(current.plan, seen, this.d.now());
    const order = current.fenceOnReturn;
    const fenceOnReturn = order?.state === 'standing' ? { ...order, state: 'cleared' as const, endedAt: this.d.now(), detail: seen } : (order ?? null);
    const next: ActionRun = { plan, status: 'done', advice: null, fenceOnReturn };
    this.d.publish(next);
    const what = `${run.plan.kind} to ${nodeLabel(plan, plan.target)} fully done: the manual steps were seen done (${seen})`;
    this.d.event(plan.clusterId, 'action-completed', 'info', plan.rejoin?.nodeId ?? null, what);
    await this.journal(next);
    await this.d.audit.append({ at: this.d.now(), actor: this.d.actor, clusterId: plan.clusterId, action: plan.kind, params: { target: plan.target, targetName: nodeLabel(plan, plan.target), kind: plan.kind, planId: plan.id, ...(plan.reason ? { reason: plan.reason } : {}) }, outcome: `done: ${seen}` });
  }

  async journal(run: ActionRun): Promise<void> {
    await this.d.journal.write(run.plan.id, { type: 'follow-up', at: this.d.now(), status: run.status, plan: run.plan, fenceOnReturn: run.fenceOnReturn ?? null });
  }
}
