import type { ClusterKind } from '../shared/model/cluster';
import type { NodeReport } from '../shared/agent/report';
import type { AnyAgentCommand, AnyAgentCommandName } from '../shared/agent/commands';
import type { AgentEvent } from '../shared/agent/events';
import type { Result } from '../shared/result';

/**
 * What an agent serves: one database node. The agent server (agent/server)
 * speaks the protocol; a backend (sandbox, postgres, or mariadb's error log) knows the node.
 */
export interface NodeBackend {
  readonly engine: 'sandbox' | 'postgres' | 'mariadb' | 'pgbouncer';
  readonly nodeId: string;
  /** Commands this backend can really perform right now. */
  capabilities(): AnyAgentCommandName[];
  /** A report of the node now. A killed sandbox node returns `{ ok: false }`. */
  report(): Promise<Result<NodeReport>>;
  /** Only commands listed in capabilities() reach it (the server refuses the rest). */
  command(cmd: AnyAgentCommand): Promise<Result<unknown>>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (event: AgentEvent) => void): () => void;
  /** True while the node is "alive"; a killed sandbox node's agent stops answering. */
  isAlive(): boolean;
  dispose(): void | Promise<void>;
}

/** A sandbox cluster: several in-memory nodes sharing one simulated network. */
export interface SandboxCluster {
  readonly name: string;
  readonly kind: ClusterKind;
  readonly nodes: NodeBackend[];
  dispose(): void | Promise<void>;
}
