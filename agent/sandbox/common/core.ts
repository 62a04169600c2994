import type { AgentCommand, AgentCommandName } from '../../../shared/agent/commands';
import type { NodeReport } from '../../../shared/agent/report';
import type { ClusterKind } from '../../../shared/model/cluster';
import type { ClusterNode, NodeRole, NodeStatus } from '../../../shared/model/node';
import type { SandboxFault } from '../../../shared/ipc/sandbox';
import type { Result } from '../../../shared/result';
import type { EventBus } from './event-bus';

export type NodeCommand = Exclude<AgentCommand, { name: 'fault' }>;

/**
 * What every sandbox technique implements: a pure state machine over a
 * simulated scheduler and network. The NodeBackend adapter wraps it.
 */
export interface SandboxCore {
  readonly name: string;
  readonly kind: ClusterKind;
  readonly nodeIds: readonly string[];
  readonly events: EventBus;
  isAlive(nodeId: string): boolean;
  capabilities(nodeId: string): AgentCommandName[];
  report(nodeId: string): NodeReport;
  command(nodeId: string, cmd: NodeCommand): Result<unknown> | Promise<Result<unknown>>;
  fault(fault: SandboxFault): Result<unknown>;
  start(): void;
  stop(): void;
}

export const SANDBOX_VERSION = 'sandbox-1';

export interface NodeFields {
  role: NodeRole;
  status: NodeStatus;
  startedAt: number;
  nowMs: number;
  timeline?: number;
  term?: string;
  readOnly?: boolean;
  position?: string;
  notes?: string[];
}

export function sandboxNode(clusterName: string, id: string, f: NodeFields): ClusterNode {
  const node: ClusterNode = {
    id,
    name: id,
    address: `sandbox://${clusterName}/${id}`,
    role: f.role,
    status: f.status,
    version: SANDBOX_VERSION,
    startedAt: Math.round(f.startedAt),
    lastSeenAt: Math.round(f.nowMs),
  };
  if (f.timeline !== undefined) node.timeline = f.timeline;
  if (f.term !== undefined) node.term = f.term;
  if (f.readOnly !== undefined) node.readOnly = f.readOnly;
  if (f.position !== undefined) node.position = f.position;
  if (f.notes?.length) node.notes = f.notes;
  return node;
}
