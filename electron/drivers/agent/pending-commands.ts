import { fail, type Failure, type Result } from '../../../shared/result';

interface Pending {
  resolve(result: Result<unknown>): void;
  timer: NodeJS.Timeout;
}

/** Commands sent and not yet answered, by id; each settles exactly once (answer, timeout or disconnect). */
export class PendingCommands {
  private counter = 0;
  private readonly pending = new Map<string, Pending>();

  create(timeoutMs: number): { id: string; promise: Promise<Result<unknown>> } {
    const id = `c${++this.counter}`;
    const promise = new Promise<Result<unknown>>((resolve) => {
      const timer = setTimeout(() => {
        this.settle(id, fail('timeout', `the agent did not answer command ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
    });
    return { id, promise };
  }

  settle(id: string, result: Result<unknown>): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(result);
    return true;
  }

  failAll(failure: Failure): void {
    for (const id of [...this.pending.keys()]) this.settle(id, failure);
  }

  get size(): number {
    return this.pending.size;
  }
}
