/**
 * A token bucket: `ratePerSecond` sustained, up to `burst` at once.
 * The clock is injected so tests are deterministic.
 */
export class RateLimiter {
  private tokens: number;
  private lastRefillAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.lastRefillAt = now();
  }

  /** Takes one token; false when the caller is over the limit. */
  take(): boolean {
    const t = this.now();
    const refill = ((t - this.lastRefillAt) / 1000) * this.ratePerSecond;
    this.tokens = Math.min(this.burst, this.tokens + refill);
    this.lastRefillAt = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
