import { expect } from 'vitest';
import { clusterHeadline } from '../../electron/core/cluster-state/headline';
import type { DriverEvent } from '../../electron/core/driver';
import { SamplePipeline } from '../../electron/core/monitor/sample-pipeline';
import type { NodeActions } from '../../shared/model/action';
import type { ClusterHeadline, HeadlineState } from '../../shared/model/cluster-state';
import type { ClusterEvent } from '../../shared/model/event';
import type { ClusterSample } from '../../shared/model/sample';
import type { NodeTruth } from './pg-scenario';

/** Short, so an ended link is seen gone within a test; the monitor's is 10 s (LINK_GRACE_MS). */
export const WATCH_GRACE_MS = 1_500;
/** The postgres spec's default lag limits. */
const LIMITS = { lagThresholdBytes: 16 * 1024 * 1024, lagThresholdMs: 10_000 };

export type WatchedEvent = Pick<ClusterEvent, 'at' | 'kind' | 'nodeId' | 'message'> & { alarmKey?: string; sample: number };

/** What the app would show after one sample. */
export interface Seen {
  index: number;
  shown: ClusterSample;
  headline: ClusterHeadline;
  alarms: string[];
}

interface Sampler {
  sample(): Promise<ClusterSample>;
  driver: { availableActions(s: ClusterSample): NodeActions[] };
}

/**
 * Watches a cluster as the app does: every sample the scenario reads through
 * the real driver goes through the monitor's SamplePipeline (link grace,
 * fact events, alarms) and the headline, and what each showed is kept.
 * Links shown that no server reports are noted as problems as they are seen.
 */
export class ClusterWatcher {
  readonly seen: Seen[] = [];
  readonly events: WatchedEvent[] = [];
  readonly problems: string[] = [];
  private readonly pipeline: SamplePipeline;

  constructor(
    private readonly available: (s: ClusterSample) => NodeActions[],
    readonly graceMs = WATCH_GRACE_MS,
  ) {
    this.pipeline = new SamplePipeline(() => LIMITS, (e) => this.record(e), graceMs);
  }

  /** Runs one raw sample through the pipeline and the headline; returns it as shown. */
  see(raw: ClusterSample): ClusterSample {
    const shown = this.pipeline.accept(raw, 'primary-replica');
    const headline = clusterHeadline({ sample: shown, kind: 'primary-replica', available: this.available(shown), limits: LIMITS, previous: this.latest?.headline ?? null });
    this.seen.push({ index: this.seen.length, shown, headline, alarms: (shown.alarms ?? []).map((a) => a.key) });
    this.checkLinks(raw, shown);
    return shown;
  }

  /** An event from outside the pipeline (the action service), into the same list. */
  note(e: Omit<ClusterEvent, 'id'>): void {
    this.record(e);
  }

  get latest(): Seen | undefined {
    return this.seen.at(-1);
  }

  headlines(from = 0, to = this.seen.length): HeadlineState[] {
    return this.seen.slice(from, to).map((s) => s.headline.state);
  }

  kinds(kind: ClusterEvent['kind'], from = 0): WatchedEvent[] {
    return this.events.filter((e, i) => i >= from && e.kind === kind);
  }

  /** Samples (through the watched driver) while `work` runs, as the monitor would: one at a time, every `everyMs`. */
  async during<T>(sample: () => Promise<unknown>, work: Promise<T>, everyMs = 300): Promise<T> {
    let done = false;
    const finished = work.finally(() => (done = true));
    while (!done) {
      await sample().catch(() => undefined);
      await Promise.race([finished.catch(() => undefined), new Promise((r) => setTimeout(r, everyMs))]);
    }
    return finished;
  }

  /** Samples (through the watched driver) until the cluster shows healthy, with no open alarm and no ended link left (or gives up after `ms`). */
  async settle(sample: () => Promise<unknown>, ms = 20_000): Promise<Seen> {
    const until = Date.now() + ms;
    for (;;) {
      await sample();
      const s = this.latest!;
      const quiet = s.headline.state === 'healthy' && s.alarms.length === 0 && s.shown.links.every((l) => l.state !== 'ended');
      if (quiet || Date.now() > until) return s;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * After `settle`: healthy, no open alarm, every alarm raised has its `cleared`
   * event, every fence order ended, no link shown that no server reports, and
   * (with `truth`) exactly the links the servers report.
   */
  expectSettled(truth?: Record<string, NodeTruth>): void {
    const s = this.latest!;
    expect(this.problems, 'links shown that no server reports, unknown nodes').toEqual([]);
    expect(s.headline.state, s.headline.title).toBe('healthy');
    expect(s.alarms, 'open alarms at the end').toEqual([]);
    const raised = new Set(this.events.filter((e) => e.alarmKey && e.kind !== 'cleared').map((e) => e.alarmKey));
    const cleared = new Set(this.events.filter((e) => e.kind === 'cleared').map((e) => e.alarmKey));
    expect([...raised].filter((k) => !cleared.has(k)), 'alarms raised and never cleared').toEqual([]);
    const lastOrder = this.events.findLastIndex((e) => e.kind === 'fence-on-return');
    if (lastOrder >= 0) expect(this.kinds('fence-on-return-cleared', lastOrder).length, 'the fence order ended').toBeGreaterThan(0);
    if (truth) expect(edges(s.shown), 'links shown vs. what the servers report').toEqual(truthEdges(truth));
  }

  /** One line per sample that changed what is shown: headline, open alarms, links. */
  trace(): string {
    const lines = this.seen.map((s) => `${s.headline.state} [${s.alarms.join(', ')}] ${edges(s.shown).join(' ')}`);
    return lines.map((l, i) => (i > 0 && lines[i - 1] === l ? null : `  #${i} ${l}`)).filter(Boolean).join('\n');
  }

  private record(e: DriverEvent & { alarmKey?: string }): string {
    const { at, kind, nodeId, message, alarmKey } = e;
    this.events.push({ at, kind, nodeId, message, sample: this.seen.length, ...(alarmKey ? { alarmKey } : {}) });
    return `ev-${this.events.length}`;
  }

  /** A link is shown only while a server reports it, or as `ended` (no lag) for its grace period; no primary that is up receives WAL; no unknown node. */
  private checkLinks(raw: ClusterSample, shown: ClusterSample): void {
    const reported = new Set(raw.links.filter((l) => l.state !== 'ended').map((l) => l.id));
    const name = (id: string) => shown.nodes.find((n) => n.id === id)?.name ?? id;
    // Every node of these clusters is a seed: a node the driver knows only from a walsender row
    // (its id `app:NAME@HOST`, see ghostIdOf) is one of them mistaken for an unknown one.
    for (const n of shown.nodes.filter((x) => x.id.startsWith('app:'))) this.problems.push(`sample ${this.seen.length - 1}: unknown node ${n.id} (${n.status.kind})`);
    const upPrimary = new Set(shown.nodes.filter((n) => n.role === 'primary' && n.status.kind === 'up').map((n) => n.id));
    for (const l of shown.links) {
      const what = `sample ${this.seen.length - 1}: ${name(l.from)}->${name(l.to)} ${l.state}`;
      if (l.state === 'ended') {
        if (shown.takenAt - (l.endedAt ?? 0) >= this.graceMs) this.problems.push(`${what} past its grace`);
        if (l.lag.bytes.replay !== null || l.lag.ms.replay !== null) this.problems.push(`${what} with lag`);
      } else {
        if (!reported.has(l.id)) this.problems.push(`${what}: reported by no server`);
        if (upPrimary.has(l.to)) this.problems.push(`${what}: into a primary that is up`);
      }
    }
  }
}

/** A watcher over a test driver: every `d.sample()` from now on goes through it (the test still gets the raw sample). */
export function watchDriver(d: Sampler, graceMs?: number): ClusterWatcher {
  const w = new ClusterWatcher((s) => d.driver.availableActions(s), graceMs);
  const raw = d.sample.bind(d);
  d.sample = async () => {
    const s = await raw();
    w.see(s);
    return s;
  };
  return w;
}

/** The links of a sample as `from->to:state`, by node name, sorted. */
export function edges(s: ClusterSample): string[] {
  const name = (id: string) => s.nodes.find((n) => n.id === id)?.name ?? id;
  return s.links.map((l) => `${name(l.from)}->${name(l.to)}:${l.state}`).sort();
}

/** The links the servers report by their own SQL (pg_stat_wal_receiver), in the same form. */
export function truthEdges(truth: Record<string, NodeTruth>): string[] {
  return Object.entries(truth).flatMap(([n, t]) => (t.streamsFrom && t.receiverStatus === 'streaming' ? [`${t.streamsFrom}->${n}:streaming`] : [])).sort();
}
