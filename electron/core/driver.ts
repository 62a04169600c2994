import type { ClusterKind, ClusterSpec } from '../../shared/model/cluster';
import type { ClusterSample } from '../../shared/model/sample';
import type { ClusterEvent } from '../../shared/model/event';
import type { Result } from '../../shared/result';
import type { SandboxFault } from '../../shared/ipc/sandbox';
import type { ActionPlan, ActionRequest, ActionStep, NodeActions, StepReport } from '../../shared/model/action';
import type { ConflictEvent, ConflictPolicy } from '../../shared/model/conflict';
import type { NodeLocking } from '../../shared/model/locking';
import type { EnginePreview } from '../../shared/ipc/conflicts';
import type { Disposable } from './lifecycle';
import type { Logger } from './logger';

export interface DriverContext {
  clusterId: string;
  log: Logger;
  /** Epoch ms; injected so tests can control time. */
  now(): number;
}

/** An event the engine pushes (a conflict, a leader change), before the monitor stamps an id on it. */
export type DriverEvent = Omit<ClusterEvent, 'id' | 'clusterId'>;

/**
 * Turns one engine into our model. A driver owns its node connections and
 * releases them on `dispose()`.
 */
export interface ClusterDriver extends Disposable {
  /**
   * Opens connections to the seeds and discovers the topology. Fails with a
   * reason a DBA can act on (`auth-failed`, `not-postgres`, `timeout`, …)
   * when no seed can be used.
   */
  connect(signal: AbortSignal): Promise<Result<{ kind: ClusterKind }>>;
  /**
   * One consistent reading of the cluster. Never throws for node failures:
   * a node that cannot be read appears with a `down`/`unreachable` status.
   */
  sample(signal: AbortSignal): Promise<ClusterSample>;
  /** Events the engine pushes. Returns an unsubscribe function. */
  onEvent?(listener: (event: DriverEvent) => void): () => void;
  /** Told when the admin changes the sample interval (drivers that subscribe to pushes re-subscribe). */
  setSampleInterval?(ms: number): void;
  /** Identities this driver connects to (normalised host:port or URL), to refuse adding a cluster twice. */
  identities(): string[];
  /** Conflicts in full, as the engine pushes them; the same id comes again when it changes (upsert by id). */
  onConflict?(listener: (conflict: ConflictEvent) => void): () => void;
  /** Writes `value` as the conflict's outcome (the engine makes it win over every conflicting version). */
  resolveConflict?(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>>;
  /** Switches the engine's conflict policy on; returns the open conflicts it settled at once. */
  setConflictPolicy?(policy: ConflictPolicy, rule: unknown): Promise<Result<{ resolvedConflicts: string[] }>>;
  /**
   * What the engine will run to resolve `conflictId` with `value`, and what else it drops
   * (e.g. a PostgreSQL SKIP drops the whole remote transaction). Changes nothing.
   */
  previewResolution?(conflictId: string, value: unknown): Promise<Result<EnginePreview>>;
  /** Reads one key on every node, to check that they agree after a resolution (`target` names the conflict and table). */
  readKeyOnNodes?(key: string, target?: { conflictId: string; table: string }): Promise<KeyReading[]>;
}

/** One node's reading of a key: its value and how many concurrent versions it holds. */
export interface KeyReading {
  nodeId: string;
  result: Result<{ value: unknown; versions: number; conflictId: string | null }>;
}

export type DriverFactory<S extends ClusterSpec = ClusterSpec> = (spec: S, ctx: DriverContext) => ClusterDriver;

/** Optional: drivers of sandbox clusters accept injected faults. */
export interface FaultInjectable {
  injectFault(fault: SandboxFault): Promise<Result<string>>;
}

/**
 * Optional: drivers that can act on the cluster (failover, switchover, fence,
 * rejoin). The core runs the plan's steps one by one through `executeStep`,
 * journalling each before and after, and audits the whole action.
 */
export interface ActionCapable {
  /** Per node, what can run right now, with the reason for what cannot. */
  availableActions(sample: ClusterSample): NodeActions[];
  /** Pre-flight checks and the exact steps (SQL or agent command). Never changes anything. */
  planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>>;
  executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>>;
}

/** Optional: drivers that can list in-doubt transactions and blocking sessions (PostgreSQL). */
export interface LockingReadable {
  /** One reading per node; a node that cannot be read carries its `error`. Never throws. */
  readLocking(signal: AbortSignal): Promise<NodeLocking[]>;
}
