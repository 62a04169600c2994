import { MinHeap } from './heap';

/** A timer that can be cancelled; cancelling twice is harmless. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * The only clock the sandbox cores see. Time is epoch ms. The simulated
 * implementation below runs events in time order (ties in scheduling order),
 * so a core behaves the same under tests and under real timers.
 */
export interface Scheduler {
  now(): number;
  at(timeMs: number, fn: () => void): TimerHandle;
  after(delayMs: number, fn: () => void): TimerHandle;
  /** Resolves true once `predicate` holds (checked every few ms), false after `timeoutMs` or on stop. */
  waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean>;
}

interface Scheduled {
  timeMs: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export const SIM_EPOCH_MS = 1_700_000_000_000;
const WAIT_STEP_MS = 5;

/** A discrete-event scheduler: nothing happens until `advanceTo`/`runFor` is called. */
export class SimScheduler implements Scheduler {
  private timeMs: number;
  private seq = 0;
  private readonly queue = new MinHeap<Scheduled>((a, b) =>
    a.timeMs === b.timeMs ? a.seq < b.seq : a.timeMs < b.timeMs,
  );
  private stopped = false;
  private readonly waiters = new Set<(result: boolean) => void>();

  constructor(startMs: number = SIM_EPOCH_MS) {
    this.timeMs = startMs;
  }

  now(): number {
    return this.timeMs;
  }

  get pending(): number {
    return this.queue.size;
  }

  at(timeMs: number, fn: () => void): TimerHandle {
    const item: Scheduled = { timeMs: Math.max(timeMs, this.timeMs), seq: this.seq++, fn, cancelled: false };
    if (!this.stopped) this.queue.push(item);
    return { cancel: () => void (item.cancelled = true) };
  }

  after(delayMs: number, fn: () => void): TimerHandle {
    return this.at(this.timeMs + Math.max(0, delayMs), fn);
  }

  waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    if (predicate()) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    const deadline = this.timeMs + timeoutMs;
    return new Promise<boolean>((resolve) => {
      const finish = (result: boolean) => {
        this.waiters.delete(finish);
        resolve(result);
      };
      this.waiters.add(finish);
      const check = () => {
        if (!this.waiters.has(finish)) return;
        if (predicate()) finish(true);
        else if (this.timeMs >= deadline) finish(false);
        else this.after(Math.min(WAIT_STEP_MS, deadline - this.timeMs), check);
      };
      this.after(WAIT_STEP_MS, check);
    });
  }

  /**
   * Runs every event due at or before `timeMs`, in order, then sets the clock
   * to `timeMs`. With `maxEvents`, stops early (the clock stays at the last
   * event run) so a caller can bound the work. Returns how many ran.
   */
  advanceTo(timeMs: number, maxEvents = Infinity): number {
    let ran = 0;
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.timeMs > timeMs) break;
      if (ran >= maxEvents) return ran;
      this.queue.pop();
      this.timeMs = next.timeMs;
      if (next.cancelled) continue;
      ran++;
      next.fn();
    }
    this.timeMs = Math.max(this.timeMs, timeMs);
    return ran;
  }

  runFor(durationMs: number): number {
    return this.advanceTo(this.timeMs + durationMs);
  }

  /** Drops every pending event and refuses new ones. */
  stop(): void {
    this.stopped = true;
    this.queue.clear();
    for (const finish of [...this.waiters]) finish(false);
  }
}
