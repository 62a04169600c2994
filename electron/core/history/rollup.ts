import type { LagPoint } from '../../../shared/model/lag-point';

/** The 7 stored figures, in column order. */
export const FIGURES = ['sentBytes', 'writeBytes', 'flushBytes', 'replayBytes', 'writeMs', 'flushMs', 'replayMs'] as const;
/** Figures whose min and max are kept in rollups (the charted ones); the others keep their mean. */
const RANGED = new Set<string>(['sentBytes', 'replayBytes', 'writeMs', 'replayMs']);

/** One rollup row: link, bucket start, count, then per figure (mean[, min, max]) in the tables' column order. */
export type RollupRow = (number | null)[];

/** Accumulates one link's points of one bucket: count, sum, min and max per figure (nulls skipped). */
export class Bucket {
  n = 0;
  private readonly count = new Float64Array(7);
  private readonly sum = new Float64Array(7);
  private readonly min = new Float64Array(7).fill(Infinity);
  private readonly max = new Float64Array(7).fill(-Infinity);

  constructor(
    readonly link: number,
    readonly start: number,
  ) {}

  add(p: LagPoint): void {
    this.n++;
    for (let i = 0; i < 7; i++) {
      const v = p[FIGURES[i]!];
      if (v === null || v === undefined) continue;
      this.count[i]!++;
      this.sum[i]! += v;
      if (v < this.min[i]!) this.min[i] = v;
      if (v > this.max[i]!) this.max[i] = v;
    }
  }

  row(): RollupRow {
    const out: RollupRow = [this.link, this.start, this.n];
    for (let i = 0; i < 7; i++) {
      const has = this.count[i]! > 0;
      out.push(has ? Math.round(this.sum[i]! / this.count[i]!) : null);
      if (RANGED.has(FIGURES[i]!)) out.push(has ? this.min[i]! : null, has ? this.max[i]! : null);
    }
    return out;
  }
}

/**
 * Rolls points up into fixed buckets of `widthMs` per link. A bucket is emitted when a
 * later point of its link arrives, or by `drain(before)` once it is complete.
 */
export class Roller {
  private readonly open = new Map<number, Bucket>();

  constructor(readonly widthMs: number) {}

  add(link: number, p: LagPoint, emit: (row: RollupRow) => void): void {
    const start = Math.floor(p.at / this.widthMs) * this.widthMs;
    let b = this.open.get(link);
    if (b && b.start !== start) {
      if (start < b.start) return; // older than the bucket in progress: already rolled up
      emit(b.row());
      b = undefined;
    }
    if (!b) this.open.set(link, (b = new Bucket(link, start)));
    b.add(p);
  }

  /** Emits every bucket that ended before `before` (links that went quiet). */
  drain(before: number, emit: (row: RollupRow) => void): void {
    for (const [link, b] of this.open) {
      if (b.start + this.widthMs > before) continue;
      emit(b.row());
      this.open.delete(link);
    }
  }

  /** Emits everything, complete or not (shutdown). */
  drainAll(emit: (row: RollupRow) => void): void {
    for (const b of this.open.values()) emit(b.row());
    this.open.clear();
  }
}

export const ROLLUP_COLUMNS =
  'link, at, n, sent, sent_min, sent_max, write, flush, replay, replay_min, replay_max, write_ms, write_ms_min, write_ms_max, flush_ms, replay_ms, replay_ms_min, replay_ms_max';
