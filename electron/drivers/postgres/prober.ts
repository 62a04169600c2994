import { probeUnmatched, type ProbeDeps } from './discovery';
import type { UnmatchedSender } from './standby-links';

/** Walsenders nobody matched are probed again at most this often (in the background). */
export const PROBE_INTERVAL_MS = 10_000;

/**
 * Owns downward discovery between samples: runs probes in the background (one
 * at a time, rate limited) and remembers each walsender-only node's first
 * sighting and what probing it found.
 */
export class Prober {
  private readonly ghosts = new Map<string, { since: number; probeNote: string | null }>();
  private running: Promise<void> | null = null;
  private nextAt = 0;

  constructor(
    private readonly deps: () => ProbeDeps,
    private readonly now: () => number,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Probes now and waits (connect()); returns how many standbys were added. */
  async run(unmatched: readonly UnmatchedSender[], signal: AbortSignal): Promise<number> {
    const res = await probeUnmatched(unmatched, this.deps(), signal);
    this.remember(res.notes);
    return res.added;
  }

  /** After a sample: probe in the background when due. */
  schedule(unmatched: readonly UnmatchedSender[], signal: AbortSignal): void {
    const live = new Set(unmatched.map((u) => u.ghostId));
    for (const id of this.ghosts.keys()) if (!live.has(id)) this.ghosts.delete(id);
    if (!unmatched.length || this.running || this.now() < this.nextAt || signal.aborted) return;
    this.running = this.run(unmatched, signal)
      .then(() => undefined)
      .catch(this.onError)
      .finally(() => {
        this.running = null;
        this.nextAt = this.now() + PROBE_INTERVAL_MS;
      });
  }

  ghostMemory(id: string): { since: number; probeNote: string | null } {
    const mem = this.ghosts.get(id) ?? { since: this.now(), probeNote: null };
    this.ghosts.set(id, mem);
    return mem;
  }

  /** Resolves when no probe runs (the owner aborts the signal first). */
  async idle(): Promise<void> {
    await this.running;
  }

  private remember(notes: Map<string, string>): void {
    for (const [id, note] of notes) this.ghosts.set(id, { ...this.ghostMemory(id), probeNote: note });
  }
}
