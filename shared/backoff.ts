/**
 * Exponential reconnect backoff with full jitter (after Signal's BackOff).
 * Shared by the main process, the drivers and the renderer (pure TypeScript).
 * Randomness is injected so tests are deterministic.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly opts: { baseMs: number; maxMs: number } = { baseMs: 500, maxMs: 30_000 },
    private readonly random: () => number = Math.random,
  ) {}

  /** Delay before the next attempt; grows with each call until `reset()`. */
  next(): number {
    const ceiling = Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    // Half fixed, half jitter: never retries instantly, never synchronises clients.
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
