import type { BulkFailure, BulkRun } from '../../../shared/ipc/conflict-bulk';
import type { ConflictPolicy } from '../../../shared/model/conflict';

let counter = 0;

/** The running record of one bulk resolution: counts, failures by key, and the rate; emitted after each batch. */
export class BulkProgress {
  readonly id: string;
  private readonly resolved: string[] = [];
  private readonly failed: BulkFailure[] = [];
  batches = 0;

  constructor(
    readonly clusterId: string,
    readonly policy: ConflictPolicy,
    readonly total: number,
    readonly mode: BulkRun['mode'],
    private readonly now: () => number,
    private readonly emit: (run: BulkRun) => void,
    readonly startedAt = now(),
  ) {
    this.id = `bulk-${startedAt.toString(36)}-${(++counter).toString(36)}`;
  }

  resolve(conflictId: string): void {
    this.resolved.push(conflictId);
  }

  fail(f: BulkFailure): void {
    this.failed.push(f);
  }

  get resolvedIds(): readonly string[] {
    return this.resolved;
  }

  /** The record as it stands; `finished` also lists the resolved ids. */
  record(finished: boolean): BulkRun {
    const elapsedMs = Math.max(0, this.now() - this.startedAt);
    const perSecond = elapsedMs > 0 ? Math.round((this.resolved.length * 10_000) / elapsedMs) / 10 : 0;
    return {
      id: this.id,
      clusterId: this.clusterId,
      policy: this.policy,
      total: this.total,
      done: this.resolved.length + this.failed.length,
      resolvedCount: this.resolved.length,
      resolved: finished ? [...this.resolved] : [],
      failed: [...this.failed],
      startedAt: this.startedAt,
      elapsedMs,
      perSecond,
      mode: this.mode,
      batches: this.batches,
      finished,
    };
  }

  /** Sends the record to the delta stream; returns it. */
  report(finished = false): BulkRun {
    const r = this.record(finished);
    this.emit(r);
    return r;
  }
}
