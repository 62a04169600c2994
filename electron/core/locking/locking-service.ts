import type { ClusterEvent } from '../../../shared/model/event';
import type { LockingLimits, LockingSnapshot } from '../../../shared/model/locking';
import { fail, ok, type Result } from '../../../shared/result';
import type { LockingReadable } from '../driver';
import type { Logger } from '../logger';
import { toLogFormat } from '../errors';
import { abortableSleep } from '../monitor/abortable-sleep';
import { buildSnapshot } from './build-snapshot';
import { GidMemory } from './gid-memory';
import { LockingAlerts } from './locking-alerts';
import type { LimitsStore } from './limits-store';

export interface LockingServiceDeps {
  /** The cluster's locking capability, when its driver has one. */
  readerOf(clusterId: string): LockingReadable | undefined;
  /** Every new snapshot, for the change feed (the deltas). */
  onSnapshot?(snapshot: LockingSnapshot): void;
  limits: LimitsStore;
  now(): number;
  log: Logger;
  /** Events for the event list and the notifications. */
  onEvent(e: Omit<ClusterEvent, 'id'>): void;
  /** How often each cluster is read; the panel may ask for a fresh reading in between. */
  intervalMs?: number;
}

/** Per cluster: a read loop, the latest snapshot, the gids seen, and the alerts already raised. */
class Watch {
  latest: LockingSnapshot | null = null;
  readonly memory = new GidMemory();
  readonly alerts = new LockingAlerts();
  readonly stop = new AbortController();
  reading: Promise<LockingSnapshot> | null = null;
  constructor(readonly reader: LockingReadable) {}
}

/**
 * Reads in-doubt transactions and blocking sessions of every cluster whose
 * driver can, every few seconds (one statement per node), keeps the latest
 * snapshot for the panel, pushes each new one to the change feed, and raises events when a prepared transaction
 * passes its age limit, nodes disagree on a gid, or a chain waits too long.
 */
export class LockingService {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly d: LockingServiceDeps) {}

  attach(clusterId: string): void {
    const reader = this.d.readerOf(clusterId);
    if (this.watches.has(clusterId) || !reader) return;
    const w = new Watch(reader);
    this.watches.set(clusterId, w);
    void this.loop(clusterId, w);
  }

  detach(clusterId: string): void {
    this.watches.get(clusterId)?.stop.abort();
    this.watches.delete(clusterId);
  }

  async snapshot(clusterId: string, fresh: boolean): Promise<Result<LockingSnapshot>> {
    const w = this.watches.get(clusterId);
    if (!w) return fail('not-supported', 'this cluster’s engine has no prepared transactions or lock chains to show (PostgreSQL clusters only)');
    if (!fresh && w.latest) return ok(w.latest);
    return ok(await this.read(clusterId, w));
  }

  async setLimits(clusterId: string, limits: LockingLimits): Promise<Result<LockingLimits>> {
    await this.d.limits.set(clusterId, limits);
    return ok(limits);
  }

  dispose(): void {
    for (const w of this.watches.values()) w.stop.abort();
    this.watches.clear();
  }

  private async loop(clusterId: string, w: Watch): Promise<void> {
    const every = this.d.intervalMs ?? 2_000;
    while (!w.stop.signal.aborted) {
      const started = this.d.now();
      await this.read(clusterId, w).catch((error: unknown) => this.d.log.warn('locking read failed', { clusterId, error: toLogFormat(error) }));
      await abortableSleep(Math.max(200, every - (this.d.now() - started)), w.stop.signal);
    }
  }

  /** One reading at a time per cluster: a fresh request joins the one in flight. */
  private read(clusterId: string, w: Watch): Promise<LockingSnapshot> {
    w.reading ??= (async () => {
      try {
        const nodes = await w.reader.readLocking(AbortSignal.any([w.stop.signal, AbortSignal.timeout(10_000)]));
        const now = this.d.now();
        const snap = buildSnapshot(clusterId, nodes, w.memory.update(nodes), this.d.limits.get(clusterId), now);
        w.latest = snap;
        if (w.stop.signal.aborted) return snap;
        for (const e of w.alerts.next(snap)) this.d.onEvent({ ...e, clusterId });
        this.d.onSnapshot?.(snap);
        return snap;
      } finally {
        w.reading = null;
      }
    })();
    return w.reading;
  }
}
