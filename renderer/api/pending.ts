import { fail, type Failure } from '../../shared/result';

interface Entry {
  channel: string;
  frame: string;
  sent: boolean;
  resolve: (result: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Requests waiting for an answer, by id. Every one ends exactly once: with
 * its response, on timeout, or when the connection goes away, always as
 * data, never as a thrown error.
 */
export class PendingRequests {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  /** Registers a request; `build(id)` gives the frame to send. */
  add(channel: string, build: (id: number) => string): { id: number; promise: Promise<unknown> } {
    const id = this.nextId++;
    const promise = new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => {
        this.settle(id, fail('timeout', `no answer to ${channel} within ${Math.round(this.timeoutMs / 1000)} s`));
      }, this.timeoutMs);
      this.entries.set(id, { channel, frame: build(id), sent: false, resolve, timer });
    });
    return { id, promise };
  }

  channelOf(id: number): string | undefined {
    return this.entries.get(id)?.channel;
  }

  frameOf(id: number): string | undefined {
    return this.entries.get(id)?.frame;
  }

  markSent(id: number): void {
    const e = this.entries.get(id);
    if (e) e.sent = true;
  }

  /** Ids not yet sent, oldest first. */
  unsent(): number[] {
    return [...this.entries].filter(([, e]) => !e.sent).map(([id]) => id);
  }

  settle(id: number, result: unknown): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    clearTimeout(e.timer);
    this.entries.delete(id);
    e.resolve(result);
    return true;
  }

  failAll(failure: Failure): void {
    for (const id of [...this.entries.keys()]) this.settle(id, failure);
  }

  get size(): number {
    return this.entries.size;
  }
}
