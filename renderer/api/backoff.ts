/**
 * Reconnect backoff with jitter (half fixed, half random), randomness
 * injected for deterministic tests. The renderer may import only shared/,
 * so this mirrors electron/core/backoff.ts rather than importing it.
 */
export class ReconnectBackoff {
  private attempt = 0;

  constructor(
    private readonly opts: { baseMs: number; maxMs: number } = { baseMs: 500, maxMs: 15_000 },
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
