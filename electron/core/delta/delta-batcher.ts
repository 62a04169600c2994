import type { Cluster } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import type { ClusterEvent } from '../../../shared/model/event';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ConflictEvent } from '../../../shared/model/conflict';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import type { LockingSnapshot } from '../../../shared/model/locking';
import type { BulkRun } from '../../../shared/ipc/conflict-bulk';
import type { Disposable } from '../lifecycle';

export interface DeltaLimits {
  flushEveryMs: number;
  maxLagPoints: number;
  maxEvents: number;
}

const defaults: DeltaLimits = { flushEveryMs: 300, maxLagPoints: 50_000, maxEvents: 2_000 };

/**
 * Collects what changed and hands it to listeners as one `MonitorDelta` every
 * `flushEveryMs`. Bounded: past the limits the oldest items are dropped and
 * counted, so a slow consumer never makes the producer wait or grow.
 */
export class DeltaBatcher implements Disposable {
  private clusters = new Map<string, Cluster>();
  private removed = new Set<string>();
  private samples = new Map<string, ClusterSample>();
  private events: ClusterEvent[] = [];
  private lagPoints: MonitorDelta['lagPoints'] = [];
  private actions = new Map<string, ActionRun>();
  private conflicts = new Map<string, ConflictEvent>();
  private headlines = new Map<string, ClusterHeadline>();
  private locks = new Map<string, LockingSnapshot>();
  private bulkRuns = new Map<string, BulkRun>();
  private dropped = 0;
  private seq = 0;
  private readonly listeners = new Set<(d: MonitorDelta) => void>();
  private readonly timer: NodeJS.Timeout;
  private readonly limits: DeltaLimits;

  constructor(
    private readonly now: () => number,
    limits: Partial<DeltaLimits> = {},
  ) {
    this.limits = { ...defaults, ...limits };
    this.timer = setInterval(() => this.flush(), this.limits.flushEveryMs);
    this.timer.unref?.();
  }

  cluster(c: Cluster): void {
    this.removed.delete(c.id);
    this.clusters.set(c.id, c);
  }

  clusterRemoved(id: string): void {
    this.clusters.delete(id);
    this.samples.delete(id);
    this.headlines.delete(id);
    this.locks.delete(id);
    this.lagPoints = this.lagPoints.filter((p) => p.clusterId !== id);
    this.removed.add(id);
  }

  sample(clusterId: string, sample: ClusterSample, points: { linkId: string; point: LagPoint }[]): void {
    this.samples.set(clusterId, sample);
    for (const p of points) this.lagPoints.push({ clusterId, linkId: p.linkId, point: p.point });
    const over = this.lagPoints.length - this.limits.maxLagPoints;
    if (over > 0) {
      this.lagPoints.splice(0, over);
      this.dropped += over;
    }
  }

  event(e: ClusterEvent): void {
    this.events.push(e);
    if (this.events.length > this.limits.maxEvents) {
      this.events.shift();
      this.dropped++;
    }
  }

  /** The newest headline of a cluster replaces any older one still pending. */
  headline(h: ClusterHeadline): void {
    this.headlines.set(h.clusterId, h);
  }

  /** The newest locking snapshot of a cluster replaces any older one still pending. */
  locking(snapshot: LockingSnapshot): void {
    this.locks.set(snapshot.clusterId, snapshot);
  }

  /** The newest state of an action replaces any older one still pending. */
  action(run: ActionRun): void {
    this.actions.set(run.plan.id, run);
  }

  /** The newest state of a conflict replaces any older one still pending (receivers upsert by id). */
  conflict(c: ConflictEvent): void {
    this.conflicts.delete(c.id);
    this.conflicts.set(c.id, c);
    if (this.conflicts.size > this.limits.maxEvents) {
      this.conflicts.delete(this.conflicts.keys().next().value!);
      this.dropped++;
    }
  }

  /** The newest progress record of a bulk resolution replaces any older one still pending. */
  bulk(run: BulkRun): void {
    this.bulkRuns.set(run.id, run);
  }

  subscribe(listener: (d: MonitorDelta) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends what is pending, if anything; returns the delta sent. */
  flush(): MonitorDelta | null {
    const empty = !this.clusters.size && !this.removed.size && !this.samples.size && !this.events.length && !this.lagPoints.length && !this.actions.size && !this.conflicts.size && !this.headlines.size && !this.locks.size && !this.bulkRuns.size;
    if (empty) return null;
    const delta: MonitorDelta = {
      seq: this.seq++,
      at: this.now(),
      clusters: [...this.clusters.values()],
      removedClusterIds: [...this.removed],
      samples: [...this.samples.values()],
      events: this.events,
      lagPoints: this.lagPoints,
      actions: [...this.actions.values()],
      conflicts: [...this.conflicts.values()],
      headlines: [...this.headlines.values()],
      locking: [...this.locks.values()],
      bulk: [...this.bulkRuns.values()],
      dropped: this.dropped,
    };
    this.clusters = new Map();
    this.removed = new Set();
    this.samples = new Map();
    this.events = [];
    this.lagPoints = [];
    this.actions = new Map();
    this.conflicts = new Map();
    this.headlines = new Map();
    this.locks = new Map();
    this.bulkRuns = new Map();
    this.dropped = 0;
    for (const l of this.listeners) l(delta);
    return delta;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.listeners.clear();
  }
}
