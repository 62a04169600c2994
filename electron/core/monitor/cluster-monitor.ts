import type { ClusterKind, ClusterSpec, MonitorStatus, Cluster, NodeAliases } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { ClusterDriver, DriverEvent } from '../driver';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { MetricsStore } from '../metrics/metrics-store';
import type { EventLog } from '../events/event-log';
import { Backoff } from '../../../shared/backoff';
import { diffSamples } from '../events/sample-differ';
import { toLogFormat } from '../errors';
import { abortableSleep } from './abortable-sleep';
import { applyAliases } from '../cluster-state/node-aliases';

export interface MonitorDeps {
  metrics: MetricsStore;
  events: EventLog;
  log: Logger;
  now(): number;
  /** Called after every change the UI should see. */
  onSample(sample: ClusterSample, points: { linkId: string; point: LagPoint }[]): void;
  onStatus(cluster: Cluster): void;
  backoff?: Backoff;
}

/**
 * Watches one cluster: owns its driver, samples it at the configured interval
 * (never overlapping), feeds the metrics store and event log, and reconnects
 * with backoff when the driver cannot connect.
 */
export class ClusterMonitor implements Disposable {
  private readonly abort = new AbortController();
  private status: MonitorStatus = { kind: 'connecting' };
  private latestSample: ClusterSample | null = null;
  private kind: ClusterKind | null = null;
  private intervalMs: number;
  private readonly backoff: Backoff;
  private loop: Promise<void> | null = null;
  private readonly offEvents: () => void;
  /** The admin's display names by node id, put in every sample before anything reads it. */
  aliases: NodeAliases;

  constructor(
    readonly id: string,
    readonly spec: ClusterSpec,
    private readonly driver: ClusterDriver,
    private readonly deps: MonitorDeps,
  ) {
    this.intervalMs = spec.sampleIntervalMs;
    this.aliases = spec.aliases ?? {};
    this.backoff = deps.backoff ?? new Backoff({ baseMs: 1_000, maxMs: 30_000 });
    this.offEvents = driver.onEvent?.((e) => this.recordEvent(e)) ?? (() => {});
  }

  /** Starts the loop; pass the kind when the caller already connected the driver. */
  start(connectedKind: ClusterKind | null): void {
    if (this.loop) return;
    if (connectedKind) this.markLive(connectedKind);
    this.loop = this.run();
  }

  get cluster(): Cluster {
    return {
      id: this.id,
      name: this.spec.name,
      engine: this.spec.engine,
      kind: this.kind,
      sandbox: this.spec.engine === 'agent' && this.spec.sandbox,
      sampleIntervalMs: this.intervalMs,
      status: this.status,
    };
  }

  get latest(): ClusterSample | null {
    return this.latestSample;
  }

  get driverHandle(): ClusterDriver {
    return this.driver;
  }

  /** The spec as it should be saved, with the current interval. */
  specWithInterval(): ClusterSpec {
    return { ...this.spec, sampleIntervalMs: this.intervalMs, aliases: this.aliases };
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    this.driver.setSampleInterval?.(ms);
    this.deps.onStatus(this.cluster);
  }

  async dispose(): Promise<void> {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.offEvents();
    await this.loop?.catch(() => {});
    await this.driver.dispose();
    this.status = { kind: 'stopped' };
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (this.kind === null && !(await this.tryConnect(signal))) continue;
      const started = this.deps.now();
      try {
        const sample = await this.driver.sample(signal);
        if (signal.aborted) break;
        this.accept(applyAliases(sample, this.aliases));
      } catch (error) {
        if (signal.aborted) break;
        this.deps.log.warn('sample failed', { error: toLogFormat(error) });
        this.recordEvent({ at: this.deps.now(), kind: 'monitor-error', severity: 'warning', nodeId: null, message: `sampling failed: ${toLogFormat(error)}` });
      }
      await abortableSleep(Math.max(0, this.intervalMs - (this.deps.now() - started)), signal);
    }
  }

  private async tryConnect(signal: AbortSignal): Promise<boolean> {
    const result = await this.driver.connect(signal).catch((e: unknown) => ({ ok: false as const, code: 'unknown', reason: toLogFormat(e) }));
    if (signal.aborted) return false;
    if (result.ok) {
      this.markLive(result.value.kind);
      return true;
    }
    const delay = this.backoff.next();
    this.setStatus({ kind: 'failed', reason: result.reason, retryAt: this.deps.now() + delay });
    await abortableSleep(delay, signal);
    return false;
  }

  private markLive(kind: ClusterKind): void {
    this.kind = kind;
    this.backoff.reset();
    this.setStatus({ kind: 'live' });
  }

  private accept(sample: ClusterSample): void {
    const limits = this.spec;
    for (const e of diffSamples(this.latestSample, sample, this.kind, limits)) this.recordEvent(e);
    this.latestSample = sample;
    const points = this.deps.metrics.record(sample, this.intervalMs);
    this.deps.onSample(sample, points);
  }

  private recordEvent(e: DriverEvent): void {
    this.deps.events.append({ ...e, clusterId: this.id });
  }

  private setStatus(status: MonitorStatus): void {
    this.status = status;
    this.deps.onStatus(this.cluster);
  }
}
