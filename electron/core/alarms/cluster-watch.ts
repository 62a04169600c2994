import type { ClusterKind } from '../../../shared/model/cluster';
import type { Alarm } from '../../../shared/model/event';
import type { ClusterSample } from '../../../shared/model/sample';
import type { DriverEvent } from '../driver';
import { diffSamples } from '../events/sample-differ';
import { AlarmBook, type AlarmEvent } from './alarm-book';
import { namesOf } from './names';
import { observe, type Thresholds } from './rules';

/**
 * What the monitor learns from each sample of one cluster: the fact events
 * (role change, leader change, link ended) and the alarms raised and cleared.
 * `record` appends one event to the log and returns its id.
 */
export class ClusterWatch {
  private readonly book = new AlarmBook();
  private prev: ClusterSample | null = null;

  constructor(
    private readonly limits: () => Thresholds,
    private readonly record: (e: DriverEvent & { alarmKey?: string }) => string,
  ) {}

  observe(sample: ClusterSample, kind: ClusterKind | null): void {
    for (const e of diffSamples(this.prev, sample)) this.record(e);
    this.book.apply(observe(sample, kind, this.limits(), namesOf(sample, this.prev)), sample.takenAt, (e: AlarmEvent) => this.record(e));
    this.prev = sample;
  }

  /** Alarms open now, oldest first. */
  openAlarms(): Alarm[] {
    return this.book.list();
  }

  /** Clears an alarm whose condition an action observed ending (e.g. a node fenced on return). */
  clear(key: string, message: string, at: number): boolean {
    return this.book.clearKey(key, message, at, (e) => this.record(e));
  }
}
