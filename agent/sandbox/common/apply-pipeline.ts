import type { Scheduler } from '../sim/scheduler';

export interface Positioned {
  readonly startPos: number;
  readonly endPos: number;
}

export interface PipelineDelays {
  /** Time from receiving bytes to having them on disk. */
  flushDelayMs: number;
  /** Time to replay one change, one after the other. */
  applyDelayMs: number;
}

/**
 * The receiving side of a stream: write (received), flush (durable) and
 * replay (applied) positions. Changes are accepted only if contiguous and
 * are applied strictly in order. A crash loses what was not flushed.
 */
export class ApplyPipeline<E extends Positioned> {
  writePos: number;
  flushPos: number;
  replayPos: number;
  /** Changes refused because they did not start at writePos (must stay 0). */
  refused = 0;
  private queue: E[] = [];
  private generation = 0;
  private applyBusyUntilMs = 0;

  constructor(
    private readonly sched: Scheduler,
    position: number,
    private readonly delays: PipelineDelays,
    private readonly onApply: (e: E) => void,
  ) {
    this.writePos = this.flushPos = this.replayPos = position;
  }

  /** Takes the next change; false (and ignored) unless it starts at writePos. */
  accept(e: E): boolean {
    if (e.startPos !== this.writePos) {
      this.refused++;
      return false;
    }
    this.writePos = e.endPos;
    this.queue.push(e);
    const gen = this.generation;
    const flushAt = this.sched.now() + this.delays.flushDelayMs;
    this.sched.at(flushAt, () => {
      if (gen === this.generation) this.flushPos = Math.max(this.flushPos, e.endPos);
    });
    const applyAt = Math.max(flushAt, this.applyBusyUntilMs) + this.delays.applyDelayMs;
    this.applyBusyUntilMs = applyAt;
    this.sched.at(applyAt, () => {
      if (gen === this.generation) this.applyUpTo(e.endPos);
    });
    return true;
  }

  /** The oldest change received but not yet applied. */
  oldestPending(): E | undefined {
    return this.queue[0];
  }

  private applyUpTo(pos: number): void {
    while (this.queue.length > 0) {
      const e = this.queue[0]!;
      if (e.endPos > pos || e.endPos > this.flushPos) break;
      this.queue.shift();
      if (e.startPos !== this.replayPos) throw new Error(`out-of-order apply: ${e.startPos} after ${this.replayPos}`);
      this.replayPos = e.endPos;
      this.onApply(e);
    }
  }

  /** A crash: unflushed changes are lost, timers forgotten. Returns the new write position. */
  crash(): number {
    this.generation++;
    this.applyBusyUntilMs = 0;
    this.writePos = this.flushPos;
    this.queue = this.queue.filter((e) => e.endPos <= this.flushPos);
    return this.writePos;
  }

  /** Recovery or promotion: make everything received durable and replay it now. */
  drain(): void {
    this.generation++;
    this.applyBusyUntilMs = 0;
    this.flushPos = this.writePos;
    this.applyUpTo(this.writePos);
  }

  /** Start over at `pos` (local writes on a primary, or after a rewind). */
  reset(pos: number): void {
    this.generation++;
    this.applyBusyUntilMs = 0;
    this.queue = [];
    this.writePos = this.flushPos = this.replayPos = pos;
  }
}
