import { isLockingAction, type ActionPlan, type ActionRequest, type ActionStep, type NodeActions, type StepReport } from '../../../shared/model/action';
import type { NodeLocking } from '../../../shared/model/locking';
import type { EnginePreview } from '../../../shared/ipc/conflicts';
import type { ConflictEvent } from '../../../shared/model/conflict';
import type { ClusterKind } from '../../../shared/model/cluster';
import type { PostgresSpec } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import { fail, ok, type Result } from '../../../shared/result';
import { refusedSeed, seedFailure } from './seed-failures';
import type { ActionCapable, BatchResolveItem, BatchResolveResult, ClusterDriver, DriverContext, KeyReading, KeyTarget, LockingReadable } from '../../core/driver';
import { AgentHostControl } from './actions/agent-host-control';
import type { HostControl } from './actions/host-control';
import { PostgresActions } from './actions/postgres-actions';
import { buildSample, type BuildInput } from './build-sample';
import { PoolerSupport } from './pooler/pooler-support';
import { readAll } from './cluster-reader';
import { PostgresConflicts } from './conflicts/pg-conflicts';
import { PglogicalSupport } from './pglogical/pgl-support';
import { markUnreadMesh } from './pglogical/mesh-gaps';
import type { PgTarget } from './conn-string';
import { addUpstreams, type ProbeDeps } from './discovery';
import { NodeConnection } from './node-connection';
import type { NodeView } from './node-view';
import { Prober } from './prober';
import { PatroniSupport } from './patroni/patroni-support';
import { PostgresLocking } from './locking/postgres-locking';
import { NodeRegistry } from './registry';
import { parseSeeds } from './validate-spec';

/** Discovery rounds in connect(): each may add upstreams or probed standbys. */
const MAX_DISCOVERY_ROUNDS = 8;

/** PostgreSQL physical replication: one statement per node per sample, topology discovered from any seed. */
export class PostgresDriver implements ClusterDriver, ActionCapable, LockingReadable {
  private readonly seeds: Result<PgTarget[]>;
  private readonly registry: NodeRegistry;
  private readonly prober: Prober;
  private readonly rejected: ProbeDeps['rejected'] = new Map();
  private readonly lifetime = new AbortController();
  private readonly actions: PostgresActions;
  private readonly patroni: PatroniSupport;
  private readonly locking: PostgresLocking;
  private readonly conflicts: PostgresConflicts;
  private readonly pgl: PglogicalSupport;
  /** PgBouncer poolers in front of the cluster (spec.poolers): readings, and their steps in switchover/failover. */
  readonly poolers: PoolerSupport;
  /** The agents' connections, when this driver made them (from `spec.agents`). */
  private readonly ownHost: AgentHostControl | null = null;

  /**
   * `host`: stop/start/rewind on the nodes' hosts. Without one, the spec's `agents` (the node
   * agent's postgres backend on each host) are used; with neither, everything is SQL only.
   */
  constructor(
    private readonly spec: PostgresSpec,
    private readonly ctx: DriverContext,
    host: HostControl | null = null,
  ) {
    if (!host && spec.agents?.length) {
      this.ownHost = new AgentHostControl(spec.agents, { log: ctx.log, now: () => ctx.now(), connectTimeoutMs: spec.timeouts.connectTimeoutMs });
      host = this.ownHost;
    }
    this.seeds = parseSeeds(spec.seeds);
    this.registry = new NodeRegistry((target) => this.connection(target));
    if (this.seeds.ok) this.seeds.value.forEach((t) => this.registry.add(t, true));
    this.prober = new Prober(
      () => this.probeDeps(),
      () => ctx.now(),
      (e) => ctx.log.warn('probing for standbys failed', { error: e }),
    );
    this.actions = new PostgresActions({
      clusterId: ctx.clusterId,
      now: () => ctx.now(),
      read: async (signal) => (await readAll(this.registry, () => ctx.now(), AbortSignal.any([signal, this.lifetime.signal]))).views,
      targetOf: (id) => this.registry.get(id)?.conn.target ?? null,
      timeouts: spec.timeouts,
      host,
    });
    this.locking = new PostgresLocking({
      clusterId: ctx.clusterId,
      nodes: () => this.registry.ids().flatMap((id) => {
        const target = this.registry.get(id)?.conn.target;
        return target ? [{ id, target }] : [];
      }),
      targetOf: (id) => this.registry.get(id)?.conn.target ?? null,
      timeouts: spec.timeouts,
      now: () => ctx.now(),
    });
    this.poolers = new PoolerSupport({ specs: spec.poolers ?? [], ids: () => this.registry.ids(), targetOf: (id) => this.registry.get(id)?.conn.target ?? null, timeouts: spec.timeouts, now: () => ctx.now(), log: ctx.log });
    this.patroni = new PatroniSupport(spec, ctx.clusterId, () => this.registry.ids(), () => ctx.now());
    // Native logical replication and pglogical read the same nodes the same way.
    const conflictDeps = {
      clusterId: ctx.clusterId,
      log: ctx.log,
      now: () => ctx.now(),
      nodes: () => this.registry.list().map((n) => ({ id: n.conn.id, conn: n.conn, reading: n.lastReading })),
      targetOf: (id: string) => this.registry.get(id)?.conn.target ?? null,
      timeouts: spec.timeouts,
    };
    this.conflicts = new PostgresConflicts(conflictDeps);
    this.pgl = new PglogicalSupport(conflictDeps);
  }

  identities(): string[] {
    return this.registry.ids();
  }

  async connect(signal: AbortSignal): Promise<Result<{ kind: ClusterKind }>> {
    if (!this.seeds.ok) return this.seeds;
    const both = AbortSignal.any([signal, this.lifetime.signal]);
    for (let round = 0; round < MAX_DISCOVERY_ROUNDS; round += 1) {
      const { views } = await readAll(this.registry, () => this.ctx.now(), both);
      if (both.aborted) return fail('aborted', 'connecting was cancelled');
      if (round === 0 && !views.some((v) => v.reading)) return seedFailure(views);
      // A seed that answered but refused us (login, TLS, not PostgreSQL) is an input mistake, even when another
      // seed reads: refused here, before a cluster is added or an edit replaces a working one (trial 21).
      if (round === 0) {
        const refused = refusedSeed(views);
        if (refused) return refused;
      }
      const { unmatched } = buildSample(this.buildInput(views, 0, this.ctx.now()));
      const probed = await this.prober.run(unmatched, both);
      const upward = addUpstreams(this.registry, readingsOf(views), this.credentials());
      // pglogical: the other nodes of the mesh, from each node's pglogical.node_interface.
      await this.pgl.refresh(this.pglNodes(), both);
      const meshed = this.pgl.discover(this.registry, this.credentials());
      if (probed === 0 && upward === 0 && meshed === 0) break;
    }
    this.ctx.log.info('postgres topology discovered', { nodes: this.registry.ids(), pglogical: this.pgl.found() });
    return ok({ kind: this.pgl.found() ? 'multi-primary' : 'primary-replica' });
  }

  async sample(signal: AbortSignal): Promise<ClusterSample> {
    const both = AbortSignal.any([signal, this.lifetime.signal]);
    const takenAt = this.ctx.now();
    const { views, queries, reads } = await readAll(this.registry, () => this.ctx.now(), both);
    this.actions.remember(views);
    // Logical subscriptions' apply errors: one more query on nodes that have subscriptions, more only after an error.
    const conflictQueries = (await this.conflicts.observe(both)) + (await this.pgl.refresh(this.pglNodes(), both)) + (await this.pgl.conflicts.observe(both));
    const built = buildSample(this.buildInput(views, reads ? (queries + conflictQueries) / reads : 0, takenAt));
    built.sample = markUnreadMesh(this.pgl.annotate(built.sample), this.pgl);
    if (this.seeds.ok) this.pgl.discover(this.registry, this.credentials());
    if (!this.seeds.ok) built.sample.warnings.push(this.seeds.reason);
    if (this.seeds.ok) addUpstreams(this.registry, readingsOf(views), this.credentials());
    this.prober.schedule(built.unmatched, this.lifetime.signal);
    await this.patroni.annotate(built.sample, both);
    await this.poolers.annotate(built.sample, both);
    return built.sample;
  }

  onConflict(listener: (conflict: ConflictEvent) => void): () => void {
    const offNative = this.conflicts.onConflict(listener);
    const offPgl = this.pgl.conflicts.onConflict(listener);
    return () => {
      offNative();
      offPgl();
    };
  }

  previewResolution(conflictId: string, value: unknown): Promise<Result<EnginePreview>> {
    if (this.pgl.conflicts.owns(conflictId)) return this.pgl.previewResolution(conflictId, value);
    return this.conflicts.previewResolution(conflictId, value);
  }

  resolveConflict(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>> {
    if (this.pgl.conflicts.owns(conflictId)) return this.pgl.conflicts.resolveConflict(conflictId, value, how);
    return this.conflicts.resolveConflict(conflictId, value, how);
  }

  readKeyOnNodes(key: string, target?: { conflictId: string; table: string }): Promise<KeyReading[]> {
    if (target && this.pgl.conflicts.owns(target.conflictId)) return this.pgl.readKeyOnNodes(target.conflictId);
    return this.conflicts.readKeyOnNodes(key, target);
  }

  /** pglogical decisions and native apply conflicts each go to their own batch; results in the items' order. */
  async resolveBatch(items: BatchResolveItem[]): Promise<BatchResolveResult[]> {
    const pgl = this.pgl.conflicts;
    const [a, b] = await Promise.all([pgl.resolveBatch(items.filter((i) => pgl.owns(i.conflictId))), this.conflicts.resolveBatch(items.filter((i) => !pgl.owns(i.conflictId)))]);
    const byId = new Map([...a, ...b].map((r) => [r.conflictId, r]));
    return items.map((i) => byId.get(i.conflictId)!);
  }

  async readKeysOnNodes(targets: KeyTarget[]): Promise<KeyReading[][]> {
    const pgl = this.pgl.conflicts;
    const mine = targets.map((t) => pgl.owns(t.conflictId));
    const [a, b] = await Promise.all([pgl.readKeysOnNodes(targets.filter((_, i) => mine[i])), this.conflicts.readKeysOnNodes(targets.filter((_, i) => !mine[i]))]);
    let [i, j] = [0, 0];
    return mine.map((m) => (m ? a[i++]! : b[j++]!));
  }

  /** pglogical's engine policy (pglogical.conflict_resolution): read, preview, set on every node. */
  get pglogical(): PglogicalSupport {
    return this.pgl;
  }

  availableActions(sample: ClusterSample): NodeActions[] {
    return this.patroni.availableActions(sample) ?? this.actions.availableActions(sample);
  }

  /** Prepared transactions, blocking sessions and standby conflicts on every node. */
  readLocking(signal: AbortSignal): Promise<NodeLocking[]> {
    return this.locking.read(AbortSignal.any([signal, this.lifetime.signal]));
  }

  async planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    // Transactions and sessions are acted on by SQL, Patroni-managed or not.
    const kind = request.kind;
    if (isLockingAction(kind)) return this.locking.plan({ ...request, kind }, AbortSignal.any([signal, this.lifetime.signal]));
    return (await this.patroni.plan(request, AbortSignal.any([signal, this.lifetime.signal]))) ?? this.poolers.extend(await this.actions.planAction(request, signal), request, signal);
  }

  executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>> {
    const both = AbortSignal.any([signal, this.lifetime.signal]);
    if (isLockingAction(plan.kind)) return this.locking.executeStep(step, both);
    return this.patroni.executeStep(plan, step, both) ?? this.poolers.executeStep(plan, step, both, (s) => this.actions.executeStep(plan, s, both)) ?? this.actions.executeStep(plan, step, both);
  }

  async dispose(): Promise<void> {
    this.lifetime.abort();
    await this.prober.idle().catch(() => undefined);
    this.ownHost?.dispose();
    await Promise.all([this.registry.dispose(), this.actions.dispose(), this.locking.dispose(), this.poolers.dispose()]);
  }

  private pglNodes() {
    return this.registry.list().map((n) => ({ id: n.conn.id, conn: n.conn, reading: n.lastReading }));
  }

  private connection(target: PgTarget): NodeConnection {
    return new NodeConnection(target, { timeouts: this.spec.timeouts, now: () => this.ctx.now() });
  }

  private buildInput(views: NodeView[], queriesPerNode: number, takenAt: number): BuildInput {
    return {
      clusterId: this.ctx.clusterId,
      takenAt,
      now: this.ctx.now(),
      views,
      queriesPerNode,
      sampleIntervalMs: this.spec.sampleIntervalMs,
      ghostMemory: (id) => this.prober.ghostMemory(id),
    };
  }

  /** Discovered nodes log in like the first seed. */
  private credentials(): PgTarget {
    const first = this.seeds.ok ? this.seeds.value[0] : undefined;
    if (!first) throw new Error('the postgres driver has no valid seed');
    return first;
  }

  private probeDeps(): ProbeDeps {
    const seedPorts = this.seeds.ok ? this.seeds.value.map((t) => t.port) : [];
    return {
      registry: this.registry,
      credentials: this.credentials(),
      ports: (upstreamId) => {
        const up = this.registry.get(upstreamId)?.conn.target.port;
        return [...new Set([...seedPorts, ...(up ? [up] : []), ...this.spec.discoveryPorts])];
      },
      connect: (target) => this.connection(target),
      now: () => this.ctx.now(),
      rejected: this.rejected,
    };
  }
}

function readingsOf(views: readonly NodeView[]) {
  return views.flatMap((v) => (v.reading ? [v.reading] : []));
}
