import type { ClusterKind, MariadbSpec } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import { fail, ok, type Result } from '../../../shared/result';
import type { ClusterDriver, DriverContext, DriverEvent } from '../../core/driver';
import { MariadbActions } from './actions/mariadb-actions';
import { buildSample, clusterKind } from './build-sample';
import { MariadbConflicts } from './conflicts/mariadb-conflicts';
import { crawl, type Crawl } from './discovery';
import { HeartbeatWriter } from './heartbeat-writer';
import { GaleraActions } from './galera/desync-actions';
import { GaleraWatch } from './galera/galera-watch';
import { GaleraLogAgents } from './galera/galera-log-agents';
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
export class MariadbDriver implements ClusterDriver {
  private readonly seeds: Result<ServerAddress[]>;
  private readonly lifetime = new AbortController();
  private readonly connections = new Map<string, ServerConnection>();
  /** Every server discovered so far: read on every sample, even when nothing points at it any more. */
  private readonly known = new Map<string, ServerAddress>();
  private readonly last = new Map<string, ServerReading>();
  private readonly failingSince = new Map<string, number>();
  /** Writes the heartbeat on the primaries (spec.heartbeat); null when it is off. */
  private readonly heartbeat: HeartbeatWriter | null;
  private readonly galera: GaleraWatch;
  /** The spec's `mariadb` node agents (error logs); null without `agents`. */
  readonly logAgents: GaleraLogAgents | null;
  /** Galera desync/resync (ActionCapable): the lead wires it into the driver's actions. */
  readonly galeraActions: GaleraActions;
  /** Switchover and failover (actions/): plans from a fresh crawl, its own connections. */
  readonly actions: MariadbActions;
  /** Master-master conflicts (SQL threads stopped on 1062/1032): the driver's `conflicts` capability. */
  readonly conflicts: MariadbConflicts;

  constructor(
    private readonly spec: MariadbSpec,
    private readonly ctx: DriverContext,
  ) {
    this.seeds = parseSeeds(spec.seeds);
    this.logAgents = spec.agents?.length ? new GaleraLogAgents(spec.agents, { log: ctx.log, now: () => ctx.now(), connectTimeoutMs: spec.timeouts.connectTimeoutMs }) : null;
    this.galera = new GaleraWatch(this.logAgents);
    this.heartbeat = spec.heartbeat
      ? new HeartbeatWriter({ ...spec.heartbeat, user: spec.auth.user, connect: (a) => this.newConnection(a), now: () => ctx.now(), signal: this.lifetime.signal })
      : null;
    this.galeraActions = new GaleraActions({
      clusterId: ctx.clusterId,
      now: () => ctx.now(),
      read: async (signal) => (await this.discover(AbortSignal.any([signal, this.lifetime.signal]))).views,
      open: (id) => (this.known.has(id) ? this.newConnection(this.known.get(id)!) : null),
      login: spec.auth.user,
    });
    this.actions = new MariadbActions({ clusterId: ctx.clusterId, spec, now: () => ctx.now(), read: (signal) => this.discover(AbortSignal.any([signal, this.lifetime.signal])) });
    this.conflicts = new MariadbConflicts({
      clusterId: ctx.clusterId,
      log: ctx.log,
      now: () => ctx.now(),
      connection: (a) => this.connectionOf(a),
      session: (a) => this.newConnection(a),
    });
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
    const found = await this.discover(AbortSignal.any([signal, this.lifetime.signal]));
    await this.conflicts.observe(found, AbortSignal.any([signal, this.lifetime.signal]));
    const { views, aliases } = found;
    const reads = views.filter((v) => v.reading.kind === 'read').length;
    return buildSample({
      clusterId: this.ctx.clusterId,
      takenAt,
      durationMs: Math.max(0, this.ctx.now() - takenAt),
      views,
      aliases,
      queriesPerNode: reads > 0 ? (this.queries() - before) / reads : 0,
      warnings,
      heartbeatTable: this.spec.heartbeat?.table ?? null,
      galeraRates: this.galera.observe(views),
      galeraConflicts: (id) => this.galera.conflictsOf(id),
    });
  }

  /** Galera certification conflicts: counters (galera/conflict-events.ts), or each one from a node agent's error log. */
  onEvent(listener: (event: DriverEvent) => void): () => void {
    return this.galera.onEvent(listener);
  }

  async dispose(): Promise<void> {
    this.lifetime.abort();
    this.actions.dispose();
    this.logAgents?.dispose();
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
    this.heartbeat?.close();
    return Promise.resolve();
  }

  /** Crawls from the seeds and every server known so far; remembers what it found. */
  private async discover(signal: AbortSignal): Promise<Crawl> {
    const start = [...(this.seeds.ok ? this.seeds.value : []), ...this.known.values()];
    this.heartbeat?.tick();
    const found = await crawl(start, (a) => this.read(a, signal));
    for (const v of found.views) this.known.set(v.address.id, v.address);
    this.heartbeat?.learn(found.views, found.aliases);
    return found;
  }

  private async read(address: ServerAddress, signal: AbortSignal): Promise<ServerView> {
    const res = await readServer(this.connectionOf(address), signal, () => this.ctx.now(), this.spec.auth.user, this.heartbeat?.table ?? null);
    if (res.ok) {
      this.heartbeat?.attach(address.id, res.value);
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
      c = this.newConnection(address);
      this.connections.set(address.id, c);
    }
    return c;
  }

  /** A connection outside `connections` (not counted in queriesPerNode): the heartbeat writer's own. */
  private newConnection(address: ServerAddress): ServerConnection {
    const { user, password } = this.spec.auth;
    const { connectTimeoutMs, queryTimeoutMs } = this.spec.timeouts;
    return new ServerConnection(address, { user, password, connectTimeoutMs, queryTimeoutMs, now: () => this.ctx.now() });
  }

  private queries(): number {
    let n = 0;
    for (const c of this.connections.values()) n += c.queries;
    return n;
  }
}
