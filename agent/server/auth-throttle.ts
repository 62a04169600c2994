/**
 * Slows token guessing: after n failed hellos in a row from one remote
 * address, that address may not try again for min(capMs, baseMs × 2^(n-1)).
 * A success resets it. Other addresses are never affected. The clock is
 * injected so tests are deterministic.
 */
export interface AuthBackoff {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_AUTH_BACKOFF: AuthBackoff = { baseMs: 50, capMs: 30_000 };

/** Addresses remembered at most; the stalest are forgotten first. */
const MAX_ADDRESSES = 10_000;

interface Failures {
  count: number;
  blockedUntil: number;
}

export class AuthThrottle {
  private readonly byAddress = new Map<string, Failures>();

  constructor(
    private readonly backoff: AuthBackoff = DEFAULT_AUTH_BACKOFF,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when `address` may try a token now; else how many ms it must wait. */
  waitMs(address: string): number {
    const f = this.byAddress.get(address);
    return f ? Math.max(0, f.blockedUntil - this.now()) : 0;
  }

  failed(address: string): number {
    const prev = this.byAddress.get(address);
    const count = (prev?.count ?? 0) + 1;
    const delay = Math.min(this.backoff.capMs, this.backoff.baseMs * 2 ** Math.min(count - 1, 30));
    this.byAddress.delete(address); // re-inserted last: the map stays ordered by last failure
    this.byAddress.set(address, { count, blockedUntil: this.now() + delay });
    this.forgetStale();
    return delay;
  }

  succeeded(address: string): void {
    this.byAddress.delete(address);
  }

  private forgetStale(): void {
    const t = this.now();
    for (const [address, f] of this.byAddress) {
      // Oldest first: stop at the first entry still inside its window (plus one cap to keep the count).
      if (this.byAddress.size <= MAX_ADDRESSES && f.blockedUntil + this.backoff.capMs > t) break;
      this.byAddress.delete(address);
    }
  }
}
