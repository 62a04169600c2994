import { randomBytes } from 'node:crypto';

/** Default idle time after which a browser session ends: 12 h. */
export const DEFAULT_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

export type SessionEnd = 'logged out' | 'session expired' | 'server stopping';

interface Session {
  lastSeen: number;
  onEnd: Set<(why: SessionEnd) => void>;
}

/**
 * Browser sessions: a random id in the cookie, ended after `idleMs` without a
 * request (page load or bridge request) or when revoked (logout). Whoever
 * holds a live session (an open bridge socket) hears when it ends.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // A quarter of the idle time (at most a minute): a session ends within 1.25 × idle, not up to twice it (trial 20).
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(idleMs / 4, 60_000)));
    this.sweeper.unref();
  }

  create(): string {
    const id = randomBytes(24).toString('base64url');
    this.sessions.set(id, { lastSeen: this.now(), onEnd: new Set() });
    return id;
  }

  /** The first of `ids` that is a live session, touched; null when none is. */
  use(ids: readonly string[]): string | null {
    this.sweep();
    for (const id of ids) {
      const s = this.sessions.get(id);
      if (!s) continue;
      s.lastSeen = this.now();
      return id;
    }
    return null;
  }

  /** Runs `listener` when the session ends; returns the unsubscribe. */
  onEnd(id: string, listener: (why: SessionEnd) => void): () => void {
    const s = this.sessions.get(id);
    if (!s) {
      listener('session expired');
      return () => undefined;
    }
    s.onEnd.add(listener);
    return () => s.onEnd.delete(listener);
  }

  revoke(id: string, why: SessionEnd = 'logged out'): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    this.sessions.delete(id);
    for (const listener of s.onEnd) listener(why);
    return true;
  }

  get size(): number {
    return this.sessions.size;
  }

  dispose(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.sessions.keys()]) this.revoke(id, 'server stopping');
  }

  private sweep(): void {
    const cutoff = this.now() - this.idleMs;
    for (const [id, s] of this.sessions) if (s.lastSeen < cutoff) this.revoke(id, 'session expired');
  }
}

/** `REPLICADESK_SESSION_IDLE_MS` when it is a positive integer, else 12 h. */
export function sessionIdleMs(env: NodeJS.ProcessEnv): number {
  const n = Number(env.REPLICADESK_SESSION_IDLE_MS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_SESSION_IDLE_MS;
}
