import type { ClusterSample } from '../../../shared/model/sample';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { ReplicationLink } from '../../../shared/model/link';
import { NumericRing } from './ring-buffer';
import { downsampleMax } from './downsample';

const COLUMNS = ['at', 'sentBytes', 'writeBytes', 'flushBytes', 'replayBytes', 'writeMs', 'flushMs', 'replayMs'] as const;
const WIDTH = COLUMNS.length;

export interface MetricsStoreOptions {
  /** How far back history is kept. */
  retentionMs: number;
}

/** Bounded per-link lag history, kept for `retentionMs` and downsampled for charts. */
export class MetricsStore {
  private readonly series = new Map<string, Map<string, NumericRing>>();

  constructor(private readonly opts: MetricsStoreOptions = { retentionMs: 15 * 60_000 }) {}

  /** Records every link of a sample; returns the points that were new (a repeated measuredAt is stale data, not a point). */
  record(sample: ClusterSample, intervalMs: number): { linkId: string; point: LagPoint }[] {
    const links = this.clusterSeries(sample.clusterId);
    const added: { linkId: string; point: LagPoint }[] = [];
    const capacity = Math.ceil(this.opts.retentionMs / Math.max(50, intervalMs)) + 16;
    for (const link of sample.links) {
      let ring = links.get(link.id);
      if (!ring || ring.capacity < capacity) ring = this.grow(links, link.id, ring, capacity);
      const last = ring.length ? ring.get(ring.length - 1, 0) : -Infinity;
      if (link.lag.measuredAt <= last) continue;
      const point = toPoint(link);
      ring.push(COLUMNS.map((c) => point[c] ?? NaN));
      ring.dropWhile(0, (at) => at < link.lag.measuredAt - this.opts.retentionMs);
      added.push({ linkId: link.id, point });
    }
    return added;
  }

  history(clusterId: string, linkId: string, windowMs: number, maxPoints: number, now: number): LagPoint[] {
    const ring = this.series.get(clusterId)?.get(linkId);
    if (!ring) return [];
    let first = 0;
    while (first < ring.length && ring.get(first, 0) < now - windowMs) first++;
    const rows = downsampleMax(ring.length - first, (r, c) => ring.get(first + r, c), WIDTH, maxPoints);
    return rows.map(fromRow);
  }

  forgetCluster(clusterId: string): void {
    this.series.delete(clusterId);
  }

  /** Points held in total, for benchmarks and leak tests. */
  get size(): number {
    let n = 0;
    for (const links of this.series.values()) for (const ring of links.values()) n += ring.length;
    return n;
  }

  private clusterSeries(clusterId: string): Map<string, NumericRing> {
    let links = this.series.get(clusterId);
    if (!links) this.series.set(clusterId, (links = new Map()));
    return links;
  }

  private grow(links: Map<string, NumericRing>, id: string, old: NumericRing | undefined, capacity: number): NumericRing {
    const ring = new NumericRing(capacity, WIDTH);
    if (old) for (let r = 0; r < old.length; r++) ring.push(COLUMNS.map((_, c) => old.get(r, c)));
    links.set(id, ring);
    return ring;
  }
}

function toPoint(link: ReplicationLink): LagPoint {
  const { bytes, ms, measuredAt } = link.lag;
  return {
    at: measuredAt,
    sentBytes: bytes.sent,
    writeBytes: bytes.write,
    flushBytes: bytes.flush,
    replayBytes: bytes.replay,
    writeMs: ms.write,
    flushMs: ms.flush,
    replayMs: ms.replay,
  };
}

function fromRow(row: number[]): LagPoint {
  const v = (i: number) => (Number.isNaN(row[i]!) ? null : row[i]!);
  return {
    at: row[0]!,
    sentBytes: v(1),
    writeBytes: v(2),
    flushBytes: v(3),
    replayBytes: v(4),
    writeMs: v(5),
    flushMs: v(6),
    replayMs: v(7),
  };
}
