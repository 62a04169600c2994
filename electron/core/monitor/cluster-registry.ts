import { randomUUID } from 'node:crypto';
import type { Cluster, ClusterSpec } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import type { Alarm } from '../../../shared/model/event';
import type { LagPoint } from '../../../shared/model/lag-point';
import { fail, ok, type Result } from '../../../shared/result';
import type { CapabilityName, ClusterSampler, DriverCapabilities, DriverContext } from '../driver';
import type { Logger } from '../logger';
import type { MetricsStore } from '../metrics/metrics-store';
import type { EventLog } from '../events/event-log';
import { toLogFormat } from '../errors';
import { ClusterMonitor } from './cluster-monitor';

/** The one answer for a cluster id nothing monitors (removed meanwhile, or never added). */
export const unknownCluster = (id: string) => fail('unknown-cluster', `no cluster with id ${id}; it may have been removed`);

/** Builds a driver's capability record for a spec, or says why the spec cannot be used (checked before any connection). */
export type DriverResolver = (spec: ClusterSpec, ctx: DriverContext) => Result<DriverCapabilities>;

export interface RegistryDeps {
  resolveDriver: DriverResolver;
  metrics: MetricsStore;
  events: EventLog;
  log: Logger;
  now(): number;
  onSample(clusterId: string, sample: ClusterSample, points: { linkId: string; point: LagPoint }[]): void;
  onCluster(cluster: Cluster): void;
  onRemoved(clusterId: string): void;
  /** A cluster's driver was replaced under the same id (an edited connection): let go of the old driver's feeds. */
  onReplaced?(clusterId: string): void;
  /** Upper bound on the first connection of a newly added cluster. */
  addTimeoutMs?: number;
}

/** All monitored clusters. Adding one connects first, so bad input is refused with the reason. */
export class ClusterRegistry {
  private readonly monitors = new Map<string, ClusterMonitor>();
  /** Clusters whose connection is being replaced (one edit at a time per cluster). */
  private readonly editing = new Set<string>();

  constructor(private readonly deps: RegistryDeps) {}

  list(): Cluster[] {
    return [...this.monitors.values()].map((m) => m.cluster);
  }

  get(id: string): ClusterMonitor | undefined {
    return this.monitors.get(id);
  }

  /** One capability of a cluster's driver, by name; undefined for an unknown cluster or an engine without it. */
  capability<K extends CapabilityName>(clusterId: string, name: K): DriverCapabilities[K] {
    return this.monitors.get(clusterId)?.capabilities[name];
  }

  /** Alarms open on a cluster after its latest sample (empty for an unknown cluster). */
  openAlarms(clusterId: string): Alarm[] {
    return this.monitors.get(clusterId)?.openAlarms() ?? [];
  }

  /**
   * `mode: 'verify'` connects before adding and refuses on failure (the Add
   * form); `mode: 'restore'` adds at once and keeps retrying (saved clusters).
   */
  async add(spec: ClusterSpec, opts: { id?: string; mode: 'verify' | 'restore' }): Promise<Result<Cluster>> {
    const id = opts.id ?? randomUUID();
    if (this.monitors.has(id)) return fail('duplicate', `a cluster with id ${id} is already monitored`);
    const sameName = this.list().find((c) => c.name.toLowerCase() === spec.name.trim().toLowerCase());
    if (sameName) return fail('duplicate', `a cluster named "${sameName.name}" is already monitored; choose another name`);
    const log = this.deps.log.child({ clusterId: id });
    const built = this.deps.resolveDriver(spec, { clusterId: id, log, now: this.deps.now });
    if (!built.ok) return built;
    const capabilities = built.value;
    const driver = capabilities.sampler;
    const overlap = this.findOverlap(driver.identities());
    if (overlap) {
      await driver.dispose();
      return fail('duplicate', `${overlap.identity} is already monitored in cluster "${overlap.cluster}"`);
    }
    let kind = null;
    if (opts.mode === 'verify') {
      const connected = await this.connectWithin(driver);
      if (!connected.ok) {
        await driver.dispose();
        return connected;
      }
      kind = connected.value.kind;
    }
    const monitor = this.monitorFor(id, spec, capabilities, log);
    this.monitors.set(id, monitor);
    monitor.start(kind);
    this.deps.onCluster(monitor.cluster);
    return ok(monitor.cluster);
  }

  /**
   * Replaces a cluster's connection in place (same id, so its history, conflicts and aliases stay): same engine only,
   * the name and identities checked against the other clusters, and the new spec connected first. On any failure the
   * running monitor is left as it was; on success it is swapped for one on the new spec, with the same node aliases.
   * `busy` says why the cluster cannot be touched now (an action running); asked before the test and again before the swap.
   */
  async edit(id: string, spec: ClusterSpec, busy: () => string | null = () => null): Promise<Result<Cluster>> {
    const current = this.monitors.get(id);
    if (!current) return unknownCluster(id);
    if (spec.engine !== current.spec.engine) {
      return fail('engine-changed', `"${current.spec.name}" is a ${current.spec.engine} cluster; its engine cannot change (add a ${spec.engine} cluster instead)`);
    }
    if (this.editing.has(id)) return fail('busy', `the connection of "${current.spec.name}" is already being changed; wait for that to finish`);
    const why = busy();
    if (why) return fail('busy', why);
    const sameName = this.list().find((c) => c.id !== id && c.name.toLowerCase() === spec.name.trim().toLowerCase());
    if (sameName) return fail('duplicate', `a cluster named "${sameName.name}" is already monitored; choose another name`);
    this.editing.add(id);
    try {
      const log = this.deps.log.child({ clusterId: id });
      const built = this.deps.resolveDriver(spec, { clusterId: id, log, now: this.deps.now });
      if (!built.ok) return built;
      const driver = built.value.sampler;
      const overlap = this.findOverlap(driver.identities(), id);
      const connected = overlap ? fail('duplicate', `${overlap.identity} is already monitored in cluster "${overlap.cluster}"`) : await this.connectWithin(driver);
      if (!connected.ok) {
        await driver.dispose();
        return connected;
      }
      // While the new connection was tested the cluster may have been removed, or an action started: asked again.
      const removed = this.monitors.get(id) !== current;
      const late = removed ? `"${current.spec.name}" was removed while its new connection was tested` : busy();
      if (late) {
        await driver.dispose();
        return fail(removed ? 'unknown-cluster' : 'busy', late);
      }
      const next = this.monitorFor(id, { ...spec, aliases: current.aliases }, built.value, log);
      this.monitors.set(id, next);
      // The new monitor's first sample raises again whatever still holds; the old one's alarms end here.
      for (const alarm of current.openAlarms()) current.clearAlarm(alarm.key, `connection edited: checked again on the new connection (${alarm.message})`);
      await current.dispose();
      this.deps.onReplaced?.(id);
      next.start(connected.value.kind);
      this.deps.onCluster(next.cluster);
      return ok(next.cluster);
    } finally {
      this.editing.delete(id);
    }
  }

  async remove(id: string): Promise<boolean> {
    const monitor = this.monitors.get(id);
    if (!monitor) return false;
    this.monitors.delete(id);
    await monitor.dispose();
    this.deps.metrics.forgetCluster(id);
    this.deps.onRemoved(id);
    return true;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.monitors.keys()].map((id) => this.remove(id)));
  }

  private monitorFor(id: string, spec: ClusterSpec, capabilities: DriverCapabilities, log: Logger): ClusterMonitor {
    return new ClusterMonitor(id, spec, capabilities, {
      metrics: this.deps.metrics,
      events: this.deps.events,
      log,
      now: this.deps.now,
      onSample: (sample, points) => this.deps.onSample(id, sample, points),
      onStatus: (cluster) => this.deps.onCluster(cluster),
    });
  }

  private findOverlap(identities: string[], exceptId?: string): { identity: string; cluster: string } | null {
    for (const m of this.monitors.values()) {
      if (m.id === exceptId) continue;
      const theirs = new Set(m.capabilities.sampler.identities());
      const hit = identities.find((i) => theirs.has(i));
      if (hit) return { identity: hit, cluster: m.spec.name };
    }
    return null;
  }

  private async connectWithin(driver: ClusterSampler) {
    const abort = new AbortController();
    const limit = this.deps.addTimeoutMs ?? 15_000;
    const timer = setTimeout(() => abort.abort(), limit);
    try {
      const result = await driver.connect(abort.signal);
      if (abort.signal.aborted && !result.ok) return fail('timeout', `no answer within ${limit / 1000} s`);
      return result;
    } catch (error) {
      return fail('unknown', toLogFormat(error));
    } finally {
      clearTimeout(timer);
    }
  }
}
