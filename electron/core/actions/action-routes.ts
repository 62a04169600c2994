import type { ActionKind, ActionRequest, NodeActions } from '../../../shared/model/action';
import type { ActionCapable, DriverCapabilities } from '../driver';

/**
 * `topology`: roles and replication (offered by every primary/replica engine);
 * `consensus`: Raft leadership; `locking`: in-doubt transactions and sessions;
 * `conflicts`: resolved through the conflict inbox; `engine`: one engine's own node actions
 * (Galera desync/resync); `step`: only ever a step of another plan.
 */
export type ActionFamily = 'topology' | 'consensus' | 'locking' | 'conflicts' | 'engine' | 'step';

export interface ActionRoute {
  family: ActionFamily;
  /** The capability that plans and runs this kind, when the cluster's driver has it. */
  planner(caps: DriverCapabilities): ActionCapable | undefined;
}

const driverActions = (caps: DriverCapabilities): ActionCapable | undefined => caps.actions;

/** Every kind of action, where it is planned and run: the one table the core routes through. */
export const ACTION_ROUTES: { readonly [K in ActionKind]: ActionRoute } = {
  switchover: { family: 'topology', planner: driverActions },
  failover: { family: 'topology', planner: driverActions },
  fence: { family: 'topology', planner: driverActions },
  unfence: { family: 'topology', planner: driverActions },
  rejoin: { family: 'topology', planner: driverActions },
  repoint: { family: 'step', planner: () => undefined },
  'transfer-leadership': { family: 'consensus', planner: driverActions },
  'resolve-conflict': { family: 'conflicts', planner: () => undefined },
  'commit-prepared': { family: 'locking', planner: driverActions },
  'rollback-prepared': { family: 'locking', planner: driverActions },
  'cancel-query': { family: 'locking', planner: driverActions },
  'terminate-session': { family: 'locking', planner: driverActions },
  desync: { family: 'engine', planner: driverActions },
  resync: { family: 'engine', planner: driverActions },
};

/** The capability that plans and runs `kind` on a cluster with these capabilities, if any. */
export function plannerFor(caps: DriverCapabilities, kind: ActionKind): ActionCapable | undefined {
  return ACTION_ROUTES[kind].planner(caps);
}

/** Every kind of one family, in the table's order. */
export function kindsOf(family: ActionFamily): ActionKind[] {
  return (Object.keys(ACTION_ROUTES) as ActionKind[]).filter((k) => ACTION_ROUTES[k].family === family);
}

type RequestKind = ActionRequest['kind'];
const TOPOLOGY_KINDS = kindsOf('topology') as RequestKind[];

/** Per node, the topology actions marked unavailable, for a driver that cannot plan them. */
export function unavailableEverywhere(nodeIds: readonly string[], why: string): NodeActions[] {
  return nodeIds.map((nodeId) => ({ nodeId, actions: TOPOLOGY_KINDS.map((kind) => ({ kind, available: false, why })) }));
}
