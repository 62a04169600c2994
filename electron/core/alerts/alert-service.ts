import path from 'node:path';
import type { Alert, Delivery, Notice, ReceiverTest } from '../../../shared/ipc/alerts';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import type { ClusterEvent } from '../../../shared/model/event';
import type { LockingSnapshot } from '../../../shared/model/locking';
import type { ClusterSample } from '../../../shared/model/sample';
import type { AuditLog } from '../actions/audit-log';
import type { Logger } from '../logger';
import type { SecretCodec } from '../settings/secret-store';
import { AlertBook, type AlertChange } from './alert-book';
import { AlertConfig } from './alert-config';
import { Outboxes } from './outboxes';
import { PulledNotices, toNotice, type DesktopNotifier } from './senders/desktop';
import { conflictObservation, inDoubtObservations, leaderFlapObservation } from './rules-other';
import { sampleObservations } from './rules-sample';
import { Silences } from './silences';
import { sendTestAlert } from './test-alert';
import { fail, ok, type Result } from '../../../shared/result';
import type { AlertsControl } from '../alerts-control';
import { MetricsEndpointControl } from './metrics/metrics-control';
import type { ClusterReading } from './metrics/exporter';

export interface AlertServiceDeps {
  dataDir: string;
  codec: SecretCodec;
  audit: AuditLog;
  actor: string;
  now(): number;
  log: Logger;
  clusterName(clusterId: string): string | null;
  conflictsOpen(clusterId: string): number;
  /** The action running on the cluster (or ended in the last minute), with the reason given on confirm. */
  actionOf(clusterId: string): string | null;
  /** Every watched cluster's newest sample and headline, for /metrics. */
  clusters(): { id: string; name: string; sample: ClusterSample | null; headline: ClusterHeadline | null }[];
  /** The Electron shell's notifier; browser mode pulls notices (`alerts:notices`) by default. */
  desktop?: DesktopNotifier;
  /** How often firing alerts are sent to Alertmanager again, so it does not resolve them on its own (default 60 s). */
  resendMs?: number;
  tickMs?: number;
}

/**
 * Alerts that leave the app: evaluates the built-in rules on what the core
 * already reads, keeps the alert state (AlertBook, the one source of truth),
 * holds back what a silence covers, and hands firing and resolved alerts to
 * the receivers (Alertmanager, webhooks, desktop) and the metrics endpoint.
 */
export class AlertService implements AlertsControl {
  readonly config: AlertConfig;
  readonly silences: Silences;
  readonly pulled = new PulledNotices();
  private readonly book: AlertBook;
  private readonly outboxes: Outboxes;
  private readonly metrics: MetricsEndpointControl;
  private readonly notified = new Set<string>();
  private readonly prev = new Map<string, ClusterSample>();
  private readonly leaderChanges = new Map<string, number[]>();
  private readonly inDoubtAge = new Map<string, number | null>();
  private noticeSeq = 0;
  private lastResend = 0;
  private timer: NodeJS.Timeout | null = null;
  private pausedByUser = false;

  constructor(private readonly d: AlertServiceDeps) {
    this.config = new AlertConfig(d.dataDir, d.codec);
    this.silences = new Silences({ file: path.join(d.dataDir, 'silences.json'), audit: d.audit, actor: d.actor, now: d.now });
    this.book = new AlertBook((c) => this.changed(c));
    this.outboxes = new Outboxes({ onChange: () => this.keepDeliveries() });
    this.metrics = new MetricsEndpointControl(() => this.readings(), d.log);
  }

  async start(): Promise<void> {
    for (const p of await this.config.load()) this.d.log.warn('alert settings problem', { problem: p });
    await this.silences.load();
    this.rebuildOutboxes();
    const m = this.config.metrics();
    if (m.enabled) {
      const r = await this.metrics.apply(m);
      if (!r.ok) this.d.log.warn('metrics endpoint not started', { reason: r.reason });
    }
    this.timer = setInterval(() => this.tick(), this.d.tickMs ?? 1_000);
    this.timer.unref();
  }

  observeSample(clusterId: string, sample: ClusterSample, headline: ClusterHeadline | null): void {
    const cluster = { id: clusterId, name: this.d.clusterName(clusterId) ?? clusterId };
    const limits = this.config.limits(clusterId);
    const action = this.d.actionOf(clusterId);
    const at = sample.takenAt;
    this.book.apply('sample', cluster, sampleObservations(sample, headline, limits, this.prev.get(clusterId) ?? null), at, action);
    this.book.apply('conflicts', cluster, conflictObservation(this.d.conflictsOpen(clusterId), limits), at, action);
    this.book.apply('events', cluster, leaderFlapObservation(this.leaderChanges.get(clusterId) ?? [], at, limits), at, action);
    this.prev.set(clusterId, sample);
  }

  observeLocking(s: LockingSnapshot): void {
    const cluster = { id: s.clusterId, name: this.d.clusterName(s.clusterId) ?? s.clusterId };
    const names = new Map((this.prev.get(s.clusterId)?.nodes ?? []).map((n) => [n.id, n.name || n.id]));
    const oldest = Math.min(...s.inDoubt.map((r) => r.oldestPreparedAt));
    this.inDoubtAge.set(s.clusterId, s.inDoubt.length ? Math.max(0, (s.takenAt - oldest) / 1000) : 0);
    const obs = inDoubtObservations(s.inDoubt, s.takenAt, this.config.limits(s.clusterId), (id) => names.get(id) ?? id);
    this.book.apply('locking', cluster, obs, s.takenAt, this.d.actionOf(s.clusterId));
  }

  observeEvent(e: ClusterEvent): void {
    if (e.kind !== 'leader-change') return;
    const times = (this.leaderChanges.get(e.clusterId) ?? []).filter((t) => e.at - t < 24 * 3_600_000);
    times.push(e.at);
    this.leaderChanges.set(e.clusterId, times.slice(-1000));
  }

  forget(clusterId: string): void {
    this.book.forget(clusterId, this.d.now());
    this.prev.delete(clusterId);
    this.leaderChanges.delete(clusterId);
    this.inDoubtAge.delete(clusterId);
  }

  alerts(): Alert[] {
    return this.book.list();
  }

  deliveries(): Delivery[] {
    return this.outboxes.deliveries();
  }

  notices(afterSeq: number): Notice[] {
    return this.pulled.after(afterSeq);
  }

  /** After receivers or silences change: new outboxes, and alerts a silence no longer holds are sent now. */
  async receiversChanged(): Promise<void> {
    this.rebuildOutboxes();
    this.tick();
  }

  /** "Send test alert": a test alert and its resolution to one receiver now; each outcome as data. */
  async testReceiver(id: string): Promise<Result<ReceiverTest>> {
    const r = this.config.receiversWithSecrets().find((x) => x.id === id);
    return r ? ok(await sendTestAlert(r, this.d.actor, this.d.now)) : fail('unknown-receiver', `no receiver ${id}`);
  }

  async setMetrics(m: { enabled: boolean; host: string; port: number; token?: string | undefined }) {
    const saved = await this.config.setMetrics(m);
    const r = await this.metrics.apply(this.config.metrics());
    // App-wide settings: no cluster. Never the token, only whether one is set.
    await this.audited('metrics-endpoint', { ...saved }, r.ok ? (saved.enabled ? 'enabled' : 'disabled') : `failed: ${r.reason}`);
    return r;
  }

  /** An app-wide alert setting changed (receiver added/removed, /metrics): an audit entry, without secrets. */
  async audited(action: string, params: Record<string, unknown>, outcome: string): Promise<void> {
    await this.d.audit.append({ at: this.d.now(), actor: this.d.actor, clusterId: '', action, params, outcome });
  }

  metricsAddress(): { host: string; port: number } | null {
    return this.metrics.address();
  }

  /** The tray's "Pause alerts": nothing new is sent while paused; monitoring, alarms and the alert list go on. */
  paused(): boolean {
    return this.pausedByUser;
  }

  /** Resuming sends what is still firing and was held back, as when a silence ends. */
  setPaused(p: boolean): void {
    if (p === this.pausedByUser) return;
    this.pausedByUser = p;
    this.d.log.info(p ? 'alerts paused' : 'alerts resumed');
    if (!p) this.tick();
  }

  /** Re-checks silences (one ended: its held-back alerts are sent) and keeps Alertmanager's copy alive. */
  tick(): void {
    const now = this.d.now();
    for (const a of this.book.open()) {
      const s = this.silences.matching(a, now);
      this.book.setSilenced(a.key, s?.id ?? null);
      if (!s && !this.pausedByUser && !this.notified.has(a.key)) this.send({ kind: 'firing', alert: { ...a, silencedBy: null } });
    }
    if (now - this.lastResend >= (this.d.resendMs ?? 60_000)) {
      this.lastResend = now;
      // A silenced alert is not kept alive: Alertmanager lets it expire (resolve_timeout) unless the silence ends first.
      const live = this.book.open().filter((a) => this.notified.has(a.key) && !a.silencedBy);
      if (live.length) this.outboxes.push(live.map((alert) => ({ kind: 'firing', alert })), 'alertmanager');
    }
  }

  async dispose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.saving;
    await this.config.saveDeliveryStates(this.outboxes.deliveries()).catch(() => {});
    this.outboxes.close();
    await this.metrics.stop();
  }

  private rebuildOutboxes(): void {
    this.outboxes.rebuild(this.config.receiversWithSecrets(), (id) => this.config.deliveryState(id));
  }

  private saving: Promise<void> = Promise.resolve();
  private saveQueued = false;

  /** After a delivery attempt: its state goes to alerts.json (one write at a time, coalesced). */
  private keepDeliveries(): void {
    if (this.saveQueued) return;
    this.saveQueued = true;
    this.saving = this.saving.then(async () => {
      this.saveQueued = false;
      await this.config.saveDeliveryStates(this.outboxes.deliveries()).catch((e: unknown) => this.d.log.warn('delivery state not kept', { error: String(e) }));
    });
  }

  private changed(c: AlertChange): void {
    if (c.kind === 'resolved') {
      if (this.notified.delete(c.alert.key)) this.send(c);
      return;
    }
    const s = this.silences.matching(c.alert);
    if (s) return this.book.setSilenced(c.alert.key, s.id);
    if (this.pausedByUser) return;
    this.send(c);
  }

  private send(c: AlertChange): void {
    if (c.kind === 'firing') this.notified.add(c.alert.key);
    this.outboxes.push([c]);
    const notice = toNotice(c, ++this.noticeSeq);
    this.pulled.notify(notice);
    try {
      this.d.desktop?.notify(notice);
    } catch (error) {
      this.d.log.warn('desktop notification failed', { error: String(error) });
    }
  }

  private readings(): ClusterReading[] {
    return this.d.clusters().map((c) => ({ ...c, conflictsOpen: this.d.conflictsOpen(c.id), oldestInDoubtSeconds: this.inDoubtAge.get(c.id) ?? null }));
  }
}
