import type { Alert, AlertRule } from '../../../shared/ipc/alerts';

/**
 * What one rule sees about one subject at one moment. `raise` and `clear` are
 * separate conditions, so a rule leaves a band between them (hysteresis):
 * while neither holds, a firing alert keeps firing and a quiet one stays quiet.
 */
export interface AlertObservation {
  key: string;
  rule: AlertRule;
  severity: 'warning' | 'critical';
  nodeId: string | null;
  node: string | null;
  raise: boolean;
  clear: boolean;
  /** The raise condition must hold this long before the alert fires ("for N seconds"). */
  holdMs?: number;
  summary: string;
  clearsWhen: string;
  /** What a resolution says cleared ("primary n1 answers again"); without it: "cleared: <clearsWhen>". */
  resolvedSummary?: string;
}

export type AlertChange = { kind: 'firing' | 'resolved'; alert: Alert };

const RECENT_RESOLVED = 200;

/**
 * The one source of truth for alert state: every firing alert by key, and the
 * last resolved ones. Observations arrive per source (`scope`: a cluster's
 * samples, its locking reads, its conflicts...); a firing alert of that scope
 * whose subject is gone from the reading resolves.
 */
export class AlertBook {
  private readonly firing = new Map<string, Alert & { scope: string }>();
  private readonly pending = new Map<string, { since: number; scope: string }>();
  private readonly resolved: Alert[] = [];

  constructor(private readonly onChange: (c: AlertChange) => void) {}

  apply(scope: string, cluster: { id: string; name: string }, observations: readonly AlertObservation[], at: number, action: string | null): void {
    const seen = new Set<string>();
    for (const o of observations) {
      const key = `${cluster.id}/${o.key}`;
      seen.add(key);
      const open = this.firing.get(key);
      if (open) {
        if (o.clear) this.resolve(open, at, o.resolvedSummary);
        else if (o.raise) open.summary = o.summary;
        continue;
      }
      if (!o.raise) {
        this.pending.delete(key);
        continue;
      }
      const since = this.pending.get(key)?.since ?? at;
      this.pending.set(key, { since, scope });
      if (at - since < (o.holdMs ?? 0)) continue;
      this.pending.delete(key);
      const alert = {
        key, rule: o.rule, clusterId: cluster.id, cluster: cluster.name, nodeId: o.nodeId, node: o.node, severity: o.severity,
        summary: o.summary, clearsWhen: o.clearsWhen, startsAt: at, endsAt: null, status: 'firing' as const, silencedBy: null, action, scope,
      };
      this.firing.set(key, alert);
      this.onChange({ kind: 'firing', alert: strip(alert) });
    }
    for (const a of [...this.firing.values()]) {
      if (a.scope === scope && a.clusterId === cluster.id && !seen.has(a.key)) this.resolve(a, at);
    }
    for (const [key, p] of [...this.pending]) if (p.scope === scope && key.startsWith(`${cluster.id}/`) && !seen.has(key)) this.pending.delete(key);
  }

  /** Resolves every alert of a cluster (it was removed). */
  forget(clusterId: string, at: number): void {
    for (const a of [...this.firing.values()]) if (a.clusterId === clusterId) this.resolve(a, at);
  }

  /** Marks which silence holds each firing alert back (null: none). */
  setSilenced(key: string, silenceId: string | null): void {
    const a = this.firing.get(key);
    if (a) a.silencedBy = silenceId;
  }

  list(): Alert[] {
    return [...[...this.firing.values()].map(strip), ...this.resolved];
  }

  open(): Alert[] {
    return [...this.firing.values()].map(strip);
  }

  /** A resolution says what cleared, not the firing advice. */
  private resolve(a: Alert & { scope: string }, at: number, summary?: string): void {
    this.firing.delete(a.key);
    const done = { ...strip(a), summary: summary ?? `cleared: ${a.clearsWhen}`, status: 'resolved' as const, endsAt: at };
    this.resolved.unshift(done);
    this.resolved.length = Math.min(this.resolved.length, RECENT_RESOLVED);
    this.onChange({ kind: 'resolved', alert: done });
  }
}

function strip(a: Alert & { scope?: string }): Alert {
  const { scope: _scope, ...rest } = a;
  return rest;
}
