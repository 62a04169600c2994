import type { ActionCapable, DriverCapabilities } from '../../electron/core/driver';
import type { ActionPlan, ActionRequest, ActionStep, NodeActions } from '../../shared/model/action';
import type { ClusterSample } from '../../shared/model/sample';
import { ok, type Result } from '../../shared/result';
import { FakeDriver } from './fake-driver';

/** A FakeDriver that plans a two-step action; `blocked` makes its pre-flight fail. */
export class FakeActionDriver extends FakeDriver implements ActionCapable {
  blocked = false;
  executed: string[] = [];

  override capabilities(): DriverCapabilities {
    return { sampler: this, actions: this };
  }

  availableActions(sample: ClusterSample): NodeActions[] {
    return sample.nodes.map((n) => ({ nodeId: n.id, actions: [{ kind: 'switchover', available: n.role === 'replica', why: n.role === 'replica' ? null : 'already the primary' }] }));
  }

  async planAction(req: ActionRequest): Promise<Result<ActionPlan>> {
    const step = (id: string): ActionStep => ({ id, title: id, command: `SELECT ${id}()`, state: 'pending', startedAt: null, endedAt: null, detail: null, abortableBefore: true });
    return ok({
      id: `plan-${Date.now()}`,
      clusterId: req.clusterId,
      kind: req.kind,
      target: req.target,
      createdAt: Date.now(),
      checks: [{ id: 'lag', ok: !this.blocked, severity: 'blocker', explanation: this.blocked ? 'lag 14 MB > 1 MB limit' : 'lag 0 B' }],
      steps: [step('fence'), step('promote')],
      expectedDataLossBytes: 0,
      expectedUnavailableMs: 1_000,
    });
  }

  async executeStep(_plan: ActionPlan, step: ActionStep): Promise<Result<string>> {
    this.executed.push(step.id);
    return ok(`${step.id} done`);
  }
}
