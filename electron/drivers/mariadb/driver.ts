import type { ClusterKind, MariadbSpec } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import { fail, ok, type Result } from '../../../shared/result';
import type { ActionPlan, ActionRequest, ActionStep, NodeActions, StepReport } from '../../../shared/model/action';
import type { ActionCapable, ClusterDriver, DriverContext } from '../../core/driver';
import { MariadbActions } from './actions/mariadb-actions';
import { buildSample, clusterKind } from './build-sample';
import { crawl, type Crawl } from './discovery';
import { parseSeeds, type ServerAddress } from './server-address';
import { ServerConnection } from './server-connection';
import { readServer } from './server-reading';
import type { ServerView } from './view';
import type { ServerReading } from './wire';

/**
 * MariaDB 10.11 asynchronous (GTID) replication, read-only: discovers the
 * topology from any seed (up through each channel's source, down through the
 * registered replicas) and reads every server in one round-trip per sample.
 */
export class MariadbDriver implements ClusterDriver, ActionCapable {
  private readonly seeds: Result<ServerAddress[]>;
  private readonly lifetime = new AbortController();
  private readonly connections = new Map<string, ServerConnection>();
  /** Every server discovered so far: read on every sample, even when nothing points at it any more. */
  private readonly known = new Map<string, ServerAddress>();
  private readonly last = new Map<string, ServerReading>();
  private readonly failingSince = new Map<string, number>();
  /** Switchover and failover (actions/): plans from a fresh crawl, its own connections. */
  readonly actions: MariadbActions;

  constructor(
    private readonly spec: MariadbSpec,
    private readonly ctx: DriverContext,
  ) {
    this.seeds = parseSeeds(spec.seeds);
    this.actions = new MariadbActions({ clusterId: ctx.clusterId, spec, now: () => ctx.now(), read: (signal) => this.discover(AbortSignal.any([signal, this.lifetime.signal])) });
  }

  availableActions(sample: ClusterSample): NodeActions[] {
    return this.actions.availableActions(sample);
  }

  planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    return this.actions.planAction(request, signal);
  }

  executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>> {
    return this.actions.executeStep(plan, step, signal);
  }

  identities(): string[] {
    return this.seeds.ok ? this.seeds.value.map((a) => a.id) : [];
  }

  async connect(signal: AbortSignal): Promise<Result<{ kind: ClusterKind }>> {
    if (!this.seeds.ok) return this.seeds;
    const { views, aliases } = await this.discover(AbortSignal.any([signal, this.lifetime.signal]));
    if (!views.some((v) => v.reading.kind === 'read')) {
      const first = views.find((v) => this.seeds.ok && this.seeds.value.some((s) => s.id === v.address.id));
      if (first?.reading.kind === 'failed') return first.reading.failure;
      return fail('connection-refused', 'no seed could be read');
    }
    this.ctx.log.info('mariadb servers discovered', { servers: views.map((v) => v.address.id) });
    return ok({ kind: clusterKind(views, aliases) });
  }

  async sample(signal: AbortSignal): Promise<ClusterSample> {
    const takenAt = this.ctx.now();
    const before = this.queries();
    const warnings: string[] = [];
    if (!this.seeds.ok) warnings.push(this.seeds.reason);
    const { views, aliases } = await this.discover(AbortSignal.any([signal, this.lifetime.signal]));
    const reads = views.filter((v) => v.reading.kind === 'read').length;
    return buildSample({
      clusterId: this.ctx.clusterId,
      takenAt,
      durationMs: Math.max(0, this.ctx.now() - takenAt),
      views,
      aliases,
      queriesPerNode: reads > 0 ? (this.queries() - before) / reads : 0,
      warnings,
    });
  }

  async dispose(): Promise<void> {
    this.lifetime.abort();
    this.actions.dispose();
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
    return Promise.resolve();
  }

  /** Crawls from the seeds and every server known so far; remembers what it found. */
  private async discover(signal: AbortSignal): Promise<Crawl> {
    const start = [...(this.seeds.ok ? this.seeds.value : []), ...this.known.values()];
    const found = await crawl(start, (a) => this.read(a, signal));
    for (const v of found.views) this.known.set(v.address.id, v.address);
    return found;
  }

  private async read(address: ServerAddress, signal: AbortSignal): Promise<ServerView> {
    const res = await readServer(this.connectionOf(address), signal, () => this.ctx.now(), this.spec.auth.user);
    if (res.ok) {
      this.last.set(address.id, res.value);
      this.failingSince.delete(address.id);
      return { address, reading: { kind: 'read', value: res.value }, last: res.value };
    }
    const since = this.failingSince.get(address.id) ?? this.ctx.now();
    this.failingSince.set(address.id, since);
    return { address, reading: { kind: 'failed', failure: res, since }, last: this.last.get(address.id) ?? null };
  }

  private connectionOf(address: ServerAddress): ServerConnection {
    let c = this.connections.get(address.id);
    if (!c) {
      c = new ServerConnection(address, {
        user: this.spec.auth.user,
        password: this.spec.auth.password,
        connectTimeoutMs: this.spec.timeouts.connectTimeoutMs,
        queryTimeoutMs: this.spec.timeouts.queryTimeoutMs,
        now: () => this.ctx.now(),
      });
      this.connections.set(address.id, c);
    }
    return c;
  }

  private queries(): number {
    let n = 0;
    for (const c of this.connections.values()) n += c.queries;
    return n;
  }
}
