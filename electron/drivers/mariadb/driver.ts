import type { EnginePreview } from '../../../shared/ipc/conflicts';
import type { ClusterKind, MariadbSpec } from '../../../shared/model/cluster';
import type { ConflictEvent } from '../../../shared/model/conflict';
import type { ClusterSample } from '../../../shared/model/sample';
import { fail, ok, type Result } from '../../../shared/result';
import type { ClusterDriver, DriverContext, KeyReading } from '../../core/driver';
import { buildSample, clusterKind } from './build-sample';
import { MariadbConflicts } from './conflicts/mariadb-conflicts';
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
export class MariadbDriver implements ClusterDriver {
  private readonly seeds: Result<ServerAddress[]>;
  private readonly lifetime = new AbortController();
  private readonly connections = new Map<string, ServerConnection>();
  /** Every server discovered so far: read on every sample, even when nothing points at it any more. */
  private readonly known = new Map<string, ServerAddress>();
  private readonly last = new Map<string, ServerReading>();
  private readonly failingSince = new Map<string, number>();
  /** Master-master conflicts (SQL threads stopped on 1062/1032): the conflict methods below delegate to it. */
  readonly conflicts: MariadbConflicts;

  constructor(
    private readonly spec: MariadbSpec,
    private readonly ctx: DriverContext,
  ) {
    this.seeds = parseSeeds(spec.seeds);
    this.conflicts = new MariadbConflicts({
      clusterId: ctx.clusterId,
      log: ctx.log,
      now: () => ctx.now(),
      connection: (a) => this.connectionOf(a),
      session: (a) => new ServerConnection(a, this.connectionOptions()),
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
    });
  }

  onConflict(listener: (conflict: ConflictEvent) => void): () => void {
    return this.conflicts.onConflict(listener);
  }

  previewResolution(conflictId: string, value: unknown): Promise<Result<EnginePreview>> {
    return this.conflicts.previewResolution(conflictId, value);
  }

  resolveConflict(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>> {
    return this.conflicts.resolveConflict(conflictId, value, how);
  }

  readKeyOnNodes(key: string, target?: { conflictId: string; table: string }): Promise<KeyReading[]> {
    return this.conflicts.readKeyOnNodes(key, target);
  }

  async dispose(): Promise<void> {
    this.lifetime.abort();
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
      c = new ServerConnection(address, this.connectionOptions());
      this.connections.set(address.id, c);
    }
    return c;
  }

  private connectionOptions() {
    return {
      user: this.spec.auth.user,
      password: this.spec.auth.password,
      connectTimeoutMs: this.spec.timeouts.connectTimeoutMs,
      queryTimeoutMs: this.spec.timeouts.queryTimeoutMs,
      now: () => this.ctx.now(),
    };
  }

  private queries(): number {
    let n = 0;
    for (const c of this.connections.values()) n += c.queries;
    return n;
  }
}
