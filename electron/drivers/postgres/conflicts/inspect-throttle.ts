/**
 * How often a subscription's apply error may be inspected again while it is
 * not fully explained (a missing grant, a slot in use, a log line not written
 * yet): after each inspection that taught nothing new the wait doubles, from
 * `baseMs` up to `maxMs`; one that taught something starts again from `baseMs`.
 * A 1 Hz sample then reads the log and peeks the slot at 1, 2, 4, 8, 16, 30,
 * 30 … seconds instead of every second. The clock is injected.
 */
export class InspectThrottle {
  private readonly byKey = new Map<string, { nextAt: number; waitMs: number }>();

  constructor(
    private readonly now: () => number,
    private readonly opts: { baseMs: number; maxMs: number } = { baseMs: 1_000, maxMs: 30_000 },
  ) {}

  /** Whether `key` may be inspected now (always, the first time). */
  due(key: string): boolean {
    const e = this.byKey.get(key);
    return !e || this.now() >= e.nextAt;
  }

  /** Records an inspection of `key`; `learnt` says whether it told more than the one before. */
  inspected(key: string, learnt: boolean): void {
    const prev = this.byKey.get(key);
    const waitMs = !prev || learnt ? this.opts.baseMs : Math.min(this.opts.maxMs, prev.waitMs * 2);
    this.byKey.set(key, { nextAt: this.now() + waitMs, waitMs });
  }

  /** Forgets `key` (its error is explained or settled): the next error is inspected at once. */
  forget(key: string): void {
    this.byKey.delete(key);
  }
}
