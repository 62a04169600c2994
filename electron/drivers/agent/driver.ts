import type { AgentSpec, ClusterKind } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import type { SandboxFault } from '../../../shared/ipc/sandbox';
import type { AgentCommand } from '../../../shared/agent/commands';
import type { AgentEvent } from '../../../shared/agent/events';
import { fail, ok, type Failure, type Result } from '../../../shared/result';
import type { ActionCapable, ClusterDriver, DriverContext, DriverEvent, DriverFactory, FaultInjectable } from '../../core/driver';
import type { ActionPlan, ActionRequest, ActionStep, NodeActions } from '../../../shared/model/action';
import { agentAvailableActions } from './actions/availability';
import { planAgentAction } from './actions/plan';
import type { AgentOnNode } from './actions/capabilities';
import { planTransfer } from './actions/consensus';
import { executeAgentStep } from './actions/execute';
import { Backoff } from '../../../shared/backoff';
import { AgentConnection } from './connection';
import { mergeReports } from './merge';
import { mostTelling } from './failures';
import { faultDetail, faultTarget, normaliseAgentUrl } from './helpers';
import { AgentConflicts } from './conflicts';
import { nodeAgentRefusal } from './node-agent-refusal';
import type { ConflictEvent, ConflictPolicy } from '../../../shared/model/conflict';
import type { BatchResolveItem, BatchResolveResult, KeyReading, KeyTarget } from '../../core/driver';

export const CLIENT_VERSION = 'replicadesk/0.1.0';

export interface AgentDriverOptions {
  backoff?: { baseMs: number; maxMs: number };
  random?: () => number;
  /** One attempt: TCP, TLS, upgrade and `welcome`. */
  connectTimeoutMs?: number;
  /** How long connect() waits for the first report of any agent. */
  firstReportTimeoutMs?: number;
  commandTimeoutMs?: number;
}

export interface AgentDriver extends ClusterDriver, FaultInjectable, ActionCapable {
  /** Sends a command to the agent of `nodeId` (failover, conflicts, …). */
  sendCommand(nodeId: string, command: AgentCommand): Promise<Result<unknown>>;
  /** Agent events in full (a conflict-detected event carries the conflict's versions). */
  onAgentEvent(listener: (event: AgentEvent, from: { url: string }) => void): () => void;
  /** One connection per agent URL, for status displays and tests. */
  readonly connections: readonly AgentConnection[];
  /**
   * Called when an agent pushed news (a report, an event, new capabilities, a
   * connection that came or went): the monitor samples at once instead of
   * polling the agents on a clock of its own. Returns an unsubscribe function.
   */
  onChange(listener: () => void): () => void;
}

export function createAgentDriver(spec: AgentSpec, ctx: DriverContext, options: AgentDriverOptions = {}): AgentDriver {
  return new AgentClusterDriver(spec, ctx, options);
}

class AgentClusterDriver implements AgentDriver {
  connections: AgentConnection[] = [];
  private readonly listeners = new Set<(event: AgentEvent, from: { url: string }) => void>();
  private readonly changeListeners = new Set<() => void>();
  private disposed = false;
  private kind: ClusterKind | null = null;
  private readonly conflicts: AgentConflicts;

  constructor(
    private readonly spec: AgentSpec,
    private readonly ctx: DriverContext,
    private readonly options: AgentDriverOptions,
  ) {
    this.conflicts = new AgentConflicts({ clusterId: ctx.clusterId, connections: () => this.connections, onAgentEvent: (l) => this.onAgentEvent(l) });
  }

  async connect(signal: AbortSignal): Promise<Result<{ kind: ClusterKind }>> {
    if (this.disposed) return fail('disposed', 'the driver was disposed');
    this.closeConnections();
    const o = this.options;
    this.connections = this.spec.agents.map((agent) => {
      const conn = new AgentConnection({
        url: agent.url,
        token: agent.token,
        intervalMs: this.spec.sampleIntervalMs,
        clientVersion: CLIENT_VERSION,
        backoff: new Backoff(o.backoff ?? { baseMs: 500, maxMs: 15_000 }, o.random),
        now: this.ctx.now,
        log: this.ctx.log,
        connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
        commandTimeoutMs: o.commandTimeoutMs ?? 10_000,
      });
      conn.onEvent((event) => {
        for (const l of [...this.listeners]) l(event, { url: agent.url });
      });
      conn.onChange(() => {
        for (const l of [...this.changeListeners]) l();
      });
      return conn;
    });
    for (const c of this.connections) c.start();
    const outcome = await this.firstOutcome(signal);
    if (!outcome.ok) this.closeConnections();
    else this.kind = outcome.value.kind;
    return outcome;
  }

  async sample(_signal: AbortSignal): Promise<ClusterSample> {
    const staleAfterMs = 3 * this.spec.sampleIntervalMs + 1_000;
    // A node agent (MariaDB error log, PostgreSQL host; a spec saved before "Connect agent…" refused them) is left out, with why.
    const refused = this.connections.map(nodeAgentRefusal).filter((f) => f !== null);
    const usable = this.connections.filter((c) => nodeAgentRefusal(c) === null);
    const sample = mergeReports(this.ctx.clusterId, usable, this.ctx.now(), staleAfterMs);
    if (this.connections.length === 0) sample.warnings.push('not connected to any agent');
    for (const f of refused) sample.warnings.push(f.reason);
    return sample;
  }

  /**
   * Forwards what the agents push (role change, node down, split brain,
   * conflicts) so the event list shows it as it happens; the core names the
   * node and samples at once. Several peers often report the same thing: each
   * event is forwarded once (a conflict once per id).
   */
  onEvent(listener: (event: DriverEvent) => void): () => void {
    const seen = new Set<string>();
    return this.onAgentEvent((e) => {
      const key = e.kind === 'conflict-detected' && e.conflict?.id !== undefined ? `conflict:${e.conflict.id}` : `${e.at}|${e.kind}|${e.nodeId}|${e.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (seen.size > 10_000) seen.delete(seen.values().next().value!);
      listener({ at: e.at, kind: e.kind, severity: e.severity, nodeId: e.nodeId, message: e.message });
    });
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onAgentEvent(listener: (event: AgentEvent, from: { url: string }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConflict(listener: (conflict: ConflictEvent) => void): () => void {
    return this.conflicts.onConflict(listener);
  }

  resolveConflict(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>> {
    return this.conflicts.resolveConflict(conflictId, value, how);
  }

  setConflictPolicy(policy: ConflictPolicy, rule: unknown): Promise<Result<{ resolvedConflicts: string[] }>> {
    return this.conflicts.setConflictPolicy(policy, rule);
  }

  readKeyOnNodes(key: string): Promise<KeyReading[]> {
    return this.conflicts.readKeyOnNodes(key);
  }

  resolveBatch(items: BatchResolveItem[]): Promise<BatchResolveResult[]> {
    return this.conflicts.resolveBatch(items);
  }

  readKeysOnNodes(targets: KeyTarget[]): Promise<KeyReading[][]> {
    return this.conflicts.readKeysOnNodes(targets);
  }

  setSampleInterval(ms: number): void {
    for (const c of this.connections) c.setInterval(ms);
  }

  availableActions(sample: ClusterSample): NodeActions[] {
    return agentAvailableActions(sample, this.kind, (id) => this.agentOn(id));
  }

  async planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    if (this.kind === 'consensus' && request.kind === 'transfer-leadership') return planTransfer(request, await this.sample(signal), this.ctx.now());
    if (this.kind !== 'primary-replica') return fail('not-supported', `${this.spec.name} is ${this.kind ?? 'not connected'}: ${request.kind} needs a ${request.kind === 'transfer-leadership' ? 'consensus' : 'primary/replica'} cluster`);
    return planAgentAction(request, await this.sample(signal), this.ctx.now(), (id) => this.agentOn(id));
  }

  /** The connected agent serving `nodeId`, with the capabilities it announced. */
  private agentOn(nodeId: string): AgentOnNode | null {
    const conn = this.connections.find((c) => c.status.kind === 'ready' && c.status.welcome.nodeId === nodeId);
    const st = conn?.status;
    return conn && st?.kind === 'ready' ? { url: conn.url, engine: st.welcome.engine, agentVersion: st.welcome.agentVersion, capabilities: conn.capabilities } : null;
  }

  executeStep(_plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<string>> {
    return executeAgentStep(step, { sendCommand: (n, c) => this.sendCommand(n, c), sample: () => this.sample(signal), now: this.ctx.now }, signal);
  }

  identities(): string[] {
    return this.spec.agents.map((a) => normaliseAgentUrl(a.url));
  }

  sendCommand(nodeId: string, command: AgentCommand): Promise<Result<unknown>> {
    const conn = this.connections.find((c) => c.status.kind === 'ready' && c.status.welcome.nodeId === nodeId);
    if (!conn) return Promise.resolve(fail('agent-unavailable', `no connected agent serves node ${nodeId}`));
    return conn.command(command);
  }

  /** Sends the fault to a live agent that accepts faults, preferring one that is not the fault's target. */
  async injectFault(fault: SandboxFault): Promise<Result<string>> {
    const target = faultTarget(fault);
    const candidates = this.connections
      .filter((c) => c.capabilities.includes('fault'))
      .sort((a, b) => Number(nodeOf(a) === target) - Number(nodeOf(b) === target));
    let last: Failure = fail('agent-unavailable', `no connected agent of ${this.spec.name} accepts faults`);
    for (const conn of candidates) {
      const result = await conn.command({ name: 'fault', fault });
      if (result.ok) return ok(faultDetail(fault, result.value));
      last = result;
      if (result.code !== 'connection-lost' && result.code !== 'agent-unavailable') return result;
    }
    return last;
  }

  dispose(): void {
    this.disposed = true;
    this.closeConnections();
    this.listeners.clear();
    this.changeListeners.clear();
  }

  private closeConnections(): void {
    for (const c of this.connections) c.dispose();
    this.connections = [];
  }

  /** Resolves with the first report of any agent, or the most telling failure once every agent has failed. */
  private firstOutcome(signal: AbortSignal): Promise<Result<{ kind: ClusterKind }>> {
    const conns = this.connections;
    const timeoutMs = this.options.firstReportTimeoutMs ?? 10_000;
    return new Promise((resolve) => {
      const offs: (() => void)[] = [];
      const failures = new Map<AgentConnection, Failure>();
      const finish = (result: Result<{ kind: ClusterKind }>) => {
        for (const off of offs) off();
        resolve(result);
      };
      const check = () => {
        for (const c of conns) {
          const refused = nodeAgentRefusal(c);
          if (refused) return finish(refused);
          const first = c.latest.values().next();
          if (!first.done) return finish(ok({ kind: first.value.report.clusterKind }));
          if (c.status.kind === 'backoff') failures.set(c, c.status.lastError);
        }
        if (failures.size < conns.length) return;
        const best = mostTelling([...failures.values()]);
        finish(best ? fail(best.code, `no agent of ${this.spec.name} could be used: ${best.reason}`) : fail('unreachable', 'no agents'));
      };
      const onAbort = () => finish(fail('aborted', 'connecting was cancelled'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      offs.push(() => signal.removeEventListener('abort', onAbort));
      const timer = setTimeout(() => finish(fail('timeout', `no report from any agent of ${this.spec.name} within ${timeoutMs} ms`)), timeoutMs);
      offs.push(() => clearTimeout(timer));
      for (const c of conns) offs.push(c.onChange(check));
      check();
    });
  }
}

function nodeOf(conn: AgentConnection): string | null {
  return conn.status.kind === 'ready' ? conn.status.welcome.nodeId : null;
}

// The engine registry builds drivers through the common factory type.
const factoryCheck: DriverFactory<AgentSpec> = createAgentDriver;
void factoryCheck;
