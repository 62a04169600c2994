import type { ClusterKind, ClusterSpec } from '../../shared/model/cluster';
import type { ClusterSample } from '../../shared/model/sample';
import type { ClusterEvent } from '../../shared/model/event';
import type { Result } from '../../shared/result';
import type { SandboxFault } from '../../shared/ipc/sandbox';
import type { ActionPlan, ActionRequest, ActionStep, NodeActions, StepReport } from '../../shared/model/action';
import type { ConflictEvent, ConflictPolicy } from '../../shared/model/conflict';
import type { NodeLocking } from '../../shared/model/locking';
import type { EnginePreview } from '../../shared/ipc/conflicts';
import type { EnginePolicyPreview, EnginePolicyState, PglResolution } from '../../shared/ipc/engine-policy';
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
 * Reads one engine into our model: every driver has one. It owns its node
 * connections and releases them on `dispose()`.
 */
export interface ClusterSampler extends Disposable {
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
  /** Identities this driver connects to (normalised host:port or URL), to refuse adding a cluster twice. */
  identities(): string[];
  /** Told when the admin changes the sample interval (drivers that subscribe to pushes re-subscribe). */
  setSampleInterval?(ms: number): void;
  /** Events the engine pushes. Returns an unsubscribe function. */
  onEvent?(listener: (event: DriverEvent) => void): () => void;
  /**
   * A driver that is pushed news (agents' reports) calls `listener` when the
   * cluster's state changed; the monitor then samples at once (coalesced, at
   * most one sample in flight) instead of waiting out the interval.
   */
  onChange?(listener: () => void): () => void;
}

/** Drivers whose engine has write conflicts (multi-primary, logical replication). */
export interface ConflictCapable {
  /** Conflicts in full, as the engine pushes them; the same id comes again when it changes (upsert by id). */
  onConflict(listener: (conflict: ConflictEvent) => void): () => void;
  /** Writes `value` as the conflict's outcome (the engine makes it win over every conflicting version). */
  resolveConflict(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>>;
  /**
   * Reads one key on every node, to check that they agree after a resolution (`target` names the
   * conflict and table). Absent: a resolution is audited as "convergence not verified".
   */
  readKeyOnNodes?(key: string, target?: { conflictId: string; table: string }): Promise<KeyReading[]>;
  /** Switches the engine's conflict policy on; returns the open conflicts it settled at once. Absent: policies are applied by the core. */
  setConflictPolicy?(policy: ConflictPolicy, rule: unknown): Promise<Result<{ resolvedConflicts: string[] }>>;
  /**
   * What the engine will run to resolve `conflictId` with `value`, and what else it drops
   * (e.g. a PostgreSQL SKIP drops the whole remote transaction). Changes nothing.
   */
  previewResolution?(conflictId: string, value: unknown): Promise<Result<EnginePreview>>;
  /**
   * Resolves many conflicts at once: one write (one transaction) per node for the whole batch. One
   * result per item, in order; a refused item fails alone, never the batch. Absent: the core resolves
   * one at a time with `resolveConflict`.
   */
  resolveBatch?(items: BatchResolveItem[]): Promise<BatchResolveResult[]>;
  /** Reads many keys on every node, one query per node; one reading list per target, in order. Absent: `readKeyOnNodes` per key. */
  readKeysOnNodes?(targets: KeyTarget[]): Promise<KeyReading[][]>;
}

/** One conflict of a batch and the value that resolves it. */
export interface BatchResolveItem {
  conflictId: string;
  value: unknown;
  how: string;
}

export interface BatchResolveResult {
  conflictId: string;
  result: Result<{ nodeId: string; detail: string }>;
}

/** A key to read back on every node, with the conflict and table it belongs to. */
export interface KeyTarget {
  key: string;
  conflictId: string;
  table: string;
}

/** Engines that resolve conflicts themselves by a setting (pglogical.conflict_resolution). */
export interface EnginePolicyCapable {
  enginePolicy(): Result<EnginePolicyState>;
  previewEnginePolicy(value: PglResolution): Result<EnginePolicyPreview>;
  /** Sets it on every node and reads it back; each node's outcome is a step. */
  setEnginePolicy(value: PglResolution, signal: AbortSignal): Promise<Result<{ nodeId: string; status: 'done' | 'failed'; detail: string }[]>>;
}

/**
 * What one driver can do, said once when it is built: the core reads
 * capabilities from this record by name and never guesses from the object.
 */
export interface DriverCapabilities {
  sampler: ClusterSampler;
  actions?: ActionCapable;
  locking?: LockingReadable;
  conflicts?: ConflictCapable;
  faults?: FaultInjectable;
  enginePolicy?: EnginePolicyCapable;
}

export type CapabilityName = Exclude<keyof DriverCapabilities, 'sampler'>;

/**
 * The shape engine driver classes implement (a sampler that may hold conflict
 * methods); their folder's factory turns one into a `DriverCapabilities`.
 */
export type ClusterDriver = ClusterSampler & Partial<ConflictCapable>;

/** One node's reading of a key: its value and how many concurrent versions it holds. */
export interface KeyReading {
  nodeId: string;
  result: Result<{ value: unknown; versions: number; conflictId: string | null }>;
}

/** Builds one engine's capability record from a spec the engine already validated. */
export type CapabilitiesFactory<S extends ClusterSpec = ClusterSpec> = (spec: S, ctx: DriverContext) => DriverCapabilities;

/** Builds an engine's driver object (wrapped into capabilities by its folder's factory). */
export type DriverFactory<S extends ClusterSpec = ClusterSpec> = (spec: S, ctx: DriverContext) => ClusterDriver;

/** Drivers of sandbox clusters accept injected faults. */
export interface FaultInjectable {
  injectFault(fault: SandboxFault): Promise<Result<string>>;
}

/**
 * Drivers that can act on the cluster (failover, switchover, fence,
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

/** Drivers that can list in-doubt transactions and blocking sessions (PostgreSQL). */
export interface LockingReadable {
  /** One reading per node; a node that cannot be read carries its `error`. Never throws. */
  readLocking(signal: AbortSignal): Promise<NodeLocking[]>;
}
