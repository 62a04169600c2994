import type { Delivery, DeliveryState } from '../../../shared/ipc/alerts';
import { Backoff } from '../../../shared/backoff';
import type { AlertChange } from './alert-book';
import type { Sender } from './senders/sender';

export interface QueueOptions {
  maxQueued?: number;
  maxBatch?: number;
  timeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  now?: () => number;
  /** Called after every attempt (to keep the state across restarts). */
  onChange?: () => void;
}

/**
 * One receiver's outbox: a bounded queue (the oldest change is dropped and
 * counted when full), sent in batches; a failed batch is retried with
 * exponential backoff until it goes through, and the failure is kept as data
 * for the UI.
 */
export class DeliveryQueue {
  private readonly queue: AlertChange[] = [];
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private status: Delivery;
  private running = false;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(
    readonly receiverId: string,
    private readonly sender: Sender,
    private readonly opts: QueueOptions = {},
    /** The state kept from before a restart (or a rebuild): last ok, last error and counts carry on. */
    initial?: DeliveryState,
  ) {
    this.backoff = new Backoff(opts.backoff ?? { baseMs: 500, maxMs: 30_000 });
    this.now = opts.now ?? Date.now;
    this.status = { receiverId, kind: sender.kind, target: sender.target, state: 'idle', queued: 0, dropped: 0, sent: 0, lastAttemptAt: null, lastOkAt: null, lastError: null, ...initial };
  }

  push(changes: readonly AlertChange[]): void {
    if (this.closed || changes.length === 0) return;
    this.queue.push(...changes);
    const over = this.queue.length - (this.opts.maxQueued ?? 1000);
    if (over > 0) {
      this.queue.splice(0, over);
      this.status.dropped += over;
    }
    this.status.queued = this.queue.length;
    if (!this.running) void this.run();
  }

  delivery(): Delivery {
    return { ...this.status, queued: this.queue.length };
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const batch = this.queue.slice(0, this.opts.maxBatch ?? 50);
        this.status.lastAttemptAt = this.now();
        const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs ?? 10_000)]);
        const r = await this.sender.send(batch, signal);
        if (r.ok) {
          this.queue.splice(0, batch.length);
          this.backoff.reset();
          Object.assign(this.status, { state: 'ok', sent: this.status.sent + batch.length, lastOkAt: this.now(), lastError: null });
          this.opts.onChange?.();
          continue;
        }
        Object.assign(this.status, { state: this.backoff.attempts >= 3 ? 'failing' : 'retrying', lastError: r.reason });
        this.opts.onChange?.();
        await this.sleep(this.backoff.next());
      }
    } finally {
      this.running = false;
      this.status.queued = this.queue.length;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      // A new change does not cut the backoff short: only close() does.
      this.abort.signal.addEventListener('abort', done, { once: true });
    });
  }
}
