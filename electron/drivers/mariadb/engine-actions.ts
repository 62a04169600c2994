import type { ActionPlan, ActionRequest, ActionStep, NodeActions, StepReport } from '../../../shared/model/action';
import { isGaleraAction } from '../../../shared/model/action';
import type { ClusterSample } from '../../../shared/model/sample';
import type { Result } from '../../../shared/result';
import type { ActionCapable } from '../../core/driver';

/**
 * The MariaDB engine's one `actions` capability: Galera's desync/resync go to the Galera planner,
 * every other kind (switchover, failover) to the replication planner. Per node, both lists are offered.
 */
export class MariadbEngineActions implements ActionCapable {
  constructor(
    private readonly replication: ActionCapable,
    private readonly galera: ActionCapable,
  ) {}

  availableActions(sample: ClusterSample): NodeActions[] {
    const byNode = new Map<string, NodeActions>();
    for (const list of [this.replication.availableActions(sample), this.galera.availableActions(sample)]) {
      for (const n of list) {
        const seen = byNode.get(n.nodeId);
        byNode.set(n.nodeId, seen ? { ...seen, actions: [...seen.actions, ...n.actions] } : n);
      }
    }
    return [...byNode.values()];
  }

  planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    return this.plannerOf(request.kind).planAction(request, signal);
  }

  executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>> {
    return this.plannerOf(plan.kind).executeStep(plan, step, signal);
  }

  private plannerOf(kind: string): ActionCapable {
    return isGaleraAction(kind) ? this.galera : this.replication;
  }
}
