import { ApplyPipeline, type PipelineDelays } from '../common/apply-pipeline';
import { encodedSize } from '../common/position';
import type { StreamSink, StreamSource } from '../common/stream';
import type { Scheduler } from '../sim/scheduler';
import { applyChange, Wal, type WalEntry } from './wal';

export type PrRole = 'primary' | 'replica';

/**
 * One node of the log-shipping sandbox: its WAL, its data, and (on a replica)
 * the receive/flush/replay pipeline that applies what its upstream ships.
 */
export class PrNode implements StreamSource<WalEntry>, StreamSink<WalEntry> {
  alive = true;
  fenced = false;
  wal: Wal;
  data = new Map<string, unknown>();
  pipeline: ApplyPipeline<WalEntry>;

  constructor(
    readonly id: string,
    private readonly sched: Scheduler,
    private readonly delays: PipelineDelays,
    startPos: number,
    public role: PrRole,
    public upstream: string | null,
    public timeline: number,
    public startedAt: number,
  ) {
    this.wal = new Wal(startPos);
    this.pipeline = this.newPipeline(startPos);
  }

  private newPipeline(pos: number): ApplyPipeline<WalEntry> {
    return new ApplyPipeline<WalEntry>(this.sched, pos, this.delays, (e) => applyChange(this.data, e));
  }

  /** Writes refused unless this is an unfenced primary. */
  get writable(): boolean {
    return this.alive && this.role === 'primary' && !this.fenced;
  }

  /** How far downstreams may stream from this node: a replica cascades only what it has flushed. */
  sendableEnd(): number {
    return this.role === 'primary' ? this.wal.endPos : this.pipeline.flushPos;
  }

  get writePos(): number {
    return this.pipeline.writePos;
  }

  entryFrom(pos: number): WalEntry | undefined {
    return this.wal.entryFrom(pos);
  }

  /** A change shipped from upstream; false if it is not the next one. */
  receive(e: WalEntry): boolean {
    if (!this.pipeline.accept(e)) return false;
    this.wal.append(e);
    // Following a promoted upstream: the replica is on the new timeline from its first record.
    this.timeline = Math.max(this.timeline, e.timeline);
    return true;
  }

  /** A write committed locally (primary): appended, applied and durable at once. */
  commitLocal(id: number, key: string, value: unknown, nowMs: number, keepEntries: number): WalEntry {
    const startPos = this.wal.endPos;
    const endPos = startPos + encodedSize(key, value);
    const entry: WalEntry = { id, timeline: this.timeline, startPos, endPos, committedAt: nowMs, key, value };
    this.wal.append(entry);
    applyChange(this.data, entry);
    this.pipeline.reset(this.wal.endPos);
    this.compact(keepEntries);
    return entry;
  }

  crash(): void {
    this.alive = false;
    this.wal.truncate(this.pipeline.crash());
  }

  /** Crash recovery replays every flushed change. */
  restart(nowMs: number): void {
    this.alive = true;
    this.startedAt = nowMs;
    this.pipeline.drain();
  }

  promote(timeline: number): void {
    this.pipeline.drain();
    this.pipeline.reset(this.wal.endPos);
    this.role = 'primary';
    this.upstream = null;
    this.timeline = timeline;
  }

  /**
   * pg_rewind: keep the history shared with `source` (up to `commonEnd`) and
   * drop the rest; if that point is no longer retained, take a base backup.
   * Returns how many bytes of local WAL were discarded.
   */
  rewindFrom(source: PrNode, commonEnd: number | null): number {
    const before = this.wal.endPos;
    const usable = commonEnd !== null && commonEnd >= source.wal.basePos && commonEnd <= source.wal.endPos;
    const at = usable ? commonEnd : source.sendableEnd();
    this.wal = source.wal.copyUpTo(at);
    this.data = this.wal.stateAt(at);
    this.pipeline = this.newPipeline(at);
    this.role = 'replica';
    this.upstream = source.id;
    this.timeline = source.timeline;
    this.fenced = false;
    return Math.max(0, before - at);
  }

  /** Recycles old WAL (the pipeline holds its own references to changes not yet replayed). */
  compact(keepEntries: number): void {
    this.wal.compact(keepEntries);
  }
}
