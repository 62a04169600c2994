import type { Alarm, ClusterEventKind, Severity } from '../../../shared/model/event';
import type { DriverEvent } from '../driver';

/**
 * What one rule sees about one subject in one sample. `raise` and `clear` are
 * separate conditions so a rule can leave a band between them (hysteresis):
 * while neither holds, an open alarm stays open and a closed one stays closed.
 */
export interface Observation {
  key: string;
  kind: ClusterEventKind;
  severity: Severity;
  nodeId: string | null;
  raise: boolean;
  clear: boolean;
  /** The raise condition must hold this long (by sample time) before the alarm is raised. */
  holdMs?: number;
  message: string;
  /** Why it cleared, in words (used when `clear` ends an open alarm). */
  clearMessage: string;
  clearsWhen: string;
  runbook: string;
}

/** An event ready for the log, with the id the alarm will refer to filled in by `append`. */
export type AlarmEvent = DriverEvent & { alarmKey: string };

/**
 * The open alarms of one cluster. `apply` takes every observation of a sample
 * and returns the events: a raise when a closed alarm's raise condition has
 * held for its hold time, a `cleared` event naming the alarm when an open
 * alarm's clear condition holds or its subject is gone from the reading.
 */
export class AlarmBook {
  private readonly open = new Map<string, Alarm>();
  /** key → sample time the raise condition was first seen (for `holdMs`). */
  private readonly pending = new Map<string, number>();

  list(): Alarm[] {
    return [...this.open.values()];
  }

  get(key: string): Alarm | undefined {
    return this.open.get(key);
  }

  /** `record` appends an event to the log and returns its id (so the alarm can name the event that raised it). */
  apply(observations: readonly Observation[], at: number, record: (e: AlarmEvent) => string): void {
    const seen = new Set<string>();
    for (const o of observations) {
      seen.add(o.key);
      const open = this.open.get(o.key);
      if (open) this.keepOrClear(open, o, at, record);
      else this.maybeRaise(o, at, record);
    }
    for (const [key, alarm] of this.open) {
      if (seen.has(key)) continue;
      this.clear(alarm, `${alarm.message}: gone from the reading`, at, record);
    }
    for (const key of this.pending.keys()) if (!seen.has(key)) this.pending.delete(key);
  }

  /** Clears one alarm from outside the sample loop (e.g. an action observed its effect). */
  clearKey(key: string, message: string, at: number, record: (e: AlarmEvent) => string): boolean {
    const alarm = this.open.get(key);
    if (!alarm) return false;
    this.clear(alarm, message, at, record);
    return true;
  }

  private maybeRaise(o: Observation, at: number, record: (e: AlarmEvent) => string): void {
    if (!o.raise) {
      this.pending.delete(o.key);
      return;
    }
    const since = this.pending.get(o.key) ?? at;
    this.pending.set(o.key, since);
    if (at - since < (o.holdMs ?? 0)) return;
    this.pending.delete(o.key);
    const eventId = record({ at, kind: o.kind, severity: o.severity, nodeId: o.nodeId, message: o.message, alarmKey: o.key, runbook: o.runbook });
    this.open.set(o.key, {
      key: o.key, kind: o.kind, severity: o.severity, nodeId: o.nodeId, raisedAt: at, eventId,
      message: o.message, clearsWhen: o.clearsWhen, runbook: o.runbook,
    });
  }

  private keepOrClear(open: Alarm, o: Observation, at: number, record: (e: AlarmEvent) => string): void {
    if (o.clear) return this.clear(open, o.clearMessage, at, record);
    if (!o.raise) return;
    if (o.kind !== open.kind) {
      // Escalation within one alarm (unreachable → down): a new event, the same alarm.
      const eventId = record({ at, kind: o.kind, severity: o.severity, nodeId: o.nodeId, message: o.message, alarmKey: o.key, runbook: o.runbook });
      this.open.set(o.key, { ...open, kind: o.kind, severity: o.severity, eventId, message: o.message, clearsWhen: o.clearsWhen, runbook: o.runbook });
      return;
    }
    this.open.set(o.key, { ...open, message: o.message });
  }

  private clear(alarm: Alarm, message: string, at: number, record: (e: AlarmEvent) => string): void {
    this.open.delete(alarm.key);
    record({ at, kind: 'cleared', severity: 'info', nodeId: alarm.nodeId, message: `cleared: ${message}`, alarmKey: alarm.key });
  }
}
