import type { ClusterKind, ClusterSpec, MonitorStatus, Cluster, NodeAliases } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { ClusterSampler, DriverCapabilities, DriverEvent } from '../driver';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { MetricsStore } from '../metrics/metrics-store';
import type { EventLog } from '../events/event-log';
import { Backoff } from '../../../shared/backoff';
import type { Alarm } from '../../../shared/model/event';
import { SamplePipeline } from './sample-pipeline';
import { toLogFormat } from '../errors';
import { abortableSleep } from './abortable-sleep';
import { applyAliases } from '../cluster-state/node-aliases';

/** The shortest gap between the starts of two samples when news wakes the monitor early. */
export const MIN_GAP_MS = 100;

export interface MonitorDeps {
  metrics: MetricsStore;
  events: EventLog;
  log: Logger;
  now(): number;
  /** Called after every change the UI should see. */
  onSample(sample: ClusterSample, points: { linkId: string; point: LagPoint }[]): void;
  onStatus(cluster: Cluster): void;
  backoff?: Backoff;
  /** Floor between the starts of two samples woken by news (default MIN_GAP_MS). */
  minGapMs?: number;
}

/**
 * Watches one cluster: owns its driver, samples it at the configured interval
 * (never overlapping), feeds the metrics store and event log, and reconnects
 * with backoff when the driver cannot connect. News the driver is pushed
 * (`onChange`, or a pushed event) wakes it early: at most one sample is in
 * flight, news during a sample makes the next one start right after it, and
 * two samples never start closer than `minGapMs`.
 */
export class ClusterMonitor implements Disposable {
  private readonly abort = new AbortController();
  private status: MonitorStatus = { kind: 'connecting' };
  private latestSample: ClusterSample | null = null;
  private kind: ClusterKind | null = null;
  private intervalMs: number;
  private readonly backoff: Backoff;
  private loop: Promise<void> | null = null;
  /** Stops listening to the driver's pushes (events and `onChange` news). */
  private readonly unsubscribe: () => void;
  private readonly sampler: ClusterSampler;
  /** The admin's display names by node id, put in every sample before anything reads it. */
  aliases: NodeAliases;
  private readonly pipeline: SamplePipeline;
  /** Aborted when news comes while the loop waits out the interval. */
  private wake: AbortController | null = null;
  /** News came since the current (or last) sample started: the next one starts without waiting out the interval. */
  private newsPending = false;

  constructor(
    readonly id: string,
    readonly spec: ClusterSpec,
    /** What the driver can do; the monitor itself uses only `sampler`. */
    readonly capabilities: DriverCapabilities,
    private readonly deps: MonitorDeps,
  ) {
    this.intervalMs = spec.sampleIntervalMs;
    this.aliases = spec.aliases ?? {};
    this.backoff = deps.backoff ?? new Backoff({ baseMs: 1_000, maxMs: 30_000 });
    this.pipeline = new SamplePipeline(() => this.spec, (e) => this.recordEvent(e));
    this.sampler = capabilities.sampler;
    const offs = [this.sampler.onEvent?.((e) => this.pushed(e)), this.sampler.onChange?.(() => this.news())];
    this.unsubscribe = () => offs.forEach((off) => off?.());
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

  /** Alarms open after the latest sample (also on `latest.alarms`). */
  openAlarms(): Alarm[] {
    return this.pipeline.watch.openAlarms();
  }

  /** Clears an open alarm whose condition an action saw end; false when it was not open. */
  clearAlarm(key: string, message: string): boolean {
    return this.pipeline.watch.clear(key, message, this.deps.now());
  }

  /** The spec as it should be saved, with the current interval. */
  specWithInterval(): ClusterSpec {
    return { ...this.spec, sampleIntervalMs: this.intervalMs, aliases: this.aliases };
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    this.sampler.setSampleInterval?.(ms);
    this.deps.onStatus(this.cluster);
  }

  async dispose(): Promise<void> {
    if (this.abort.signal.aborted) return;
    this.abort.abort();
    this.unsubscribe();
    await this.loop?.catch(() => {});
    await this.sampler.dispose();
    this.status = { kind: 'stopped' };
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (this.kind === null && !(await this.tryConnect(signal))) continue;
      const started = this.deps.now();
      this.newsPending = false;
      try {
        const sample = await this.sampler.sample(signal);
        if (signal.aborted) break;
        this.accept(applyAliases(sample, this.aliases));
      } catch (error) {
        if (signal.aborted) break;
        this.deps.log.warn('sample failed', { error: toLogFormat(error) });
        this.recordEvent({ at: this.deps.now(), kind: 'monitor-error', severity: 'warning', nodeId: null, message: `sampling failed: ${toLogFormat(error)}` });
      }
      if (!this.newsPending) {
        this.wake = new AbortController();
        await abortableSleep(Math.max(0, this.intervalMs - (this.deps.now() - started)), AbortSignal.any([signal, this.wake.signal]));
        this.wake = null;
      }
      // Woken by news: still never more than one sample per minGapMs (news comes in bursts).
      await abortableSleep(Math.max(0, Math.min(this.intervalMs, this.deps.minGapMs ?? MIN_GAP_MS) - (this.deps.now() - started)), signal);
    }
  }

  private async tryConnect(signal: AbortSignal): Promise<boolean> {
    const result = await this.sampler.connect(signal).catch((e: unknown) => ({ ok: false as const, code: 'unknown', reason: toLogFormat(e) }));
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

  private accept(raw: ClusterSample): void {
    const sample = this.pipeline.accept(raw, this.kind);
    this.latestSample = sample;
    const points = this.deps.metrics.record(sample, this.intervalMs);
    this.deps.onSample(sample, points);
  }

  /** The one event path: drivers' pushes, fact events and alarms all land in the event log here. */
  private recordEvent(e: DriverEvent & { alarmKey?: string }): string {
    return this.deps.events.append({ ...e, clusterId: this.id }).id;
  }

  /** A pushed event is shown at once, and the cluster is sampled at once so its state catches up. */
  private pushed(e: DriverEvent): void {
    const names = new Map(this.latestSample?.nodes.map((n) => [n.id, n.name]));
    const name = e.nodeId ? names.get(e.nodeId) : undefined;
    const message = name && name !== e.nodeId && !e.message.includes(name) ? `${name}: ${e.message}` : e.message;
    this.recordEvent({ ...e, message });
    // Conflicts change no node or link state: no need to sample for them.
    if (e.kind !== 'conflict-detected') this.news();
  }

  /** The driver was pushed news: sample at once, or right after the sample in flight. */
  private news(): void {
    this.newsPending = true;
    this.wake?.abort();
  }

  private setStatus(status: MonitorStatus): void {
    this.status = status;
    this.deps.onStatus(this.cluster);
  }
}
