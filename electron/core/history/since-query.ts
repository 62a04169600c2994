import type Database from 'better-sqlite3';
import type { SinceItem } from '../../../shared/ipc/history';
import type { Severity } from '../../../shared/model/event';
import { NodeNames } from './node-names';

type Sev = Severity;
const LIMIT = 500;

/**
 * "Since you were away": window sessions are recorded with when they were last seen;
 * a new session's `since` is the last moment any earlier session was seen.
 */
export class SinceQuery {
  private readonly q;
  private readonly names: NodeNames;

  constructor(db: Database.Database) {
    this.names = new NodeNames(db);
    this.q = {
      session: db.prepare<[string], { since: number | null }>('SELECT since FROM sessions WHERE id = ?'),
      lastSeen: db.prepare<[], { seen: number | null }>('SELECT max(seen_at) AS seen FROM sessions'),
      open: db.prepare<[string, number, number, number | null]>('INSERT INTO sessions (id, opened_at, seen_at, since) VALUES (?, ?, ?, ?)'),
      seen: db.prepare<[number, string]>('UPDATE sessions SET seen_at = max(seen_at, ?) WHERE id = ?'),
      failovers: db.prepare<[number, number], { at: number; cluster: string; name: string; from_key: string | null; to_key: string }>(
        `SELECT f.at, c.key AS cluster, c.name, a.key AS from_key, b.key AS to_key FROM failovers f JOIN clusters c ON c.id = f.cluster
         LEFT JOIN nodes a ON a.id = f.from_node JOIN nodes b ON b.id = f.to_node WHERE f.at > ? AND f.at <= ? ORDER BY f.at LIMIT ${LIMIT}`,
      ),
      raised: db.prepare<[number, number], { at: number; cluster: string; name: string; severity: Sev; body: string }>(
        `SELECT raised_at AS at, c.key AS cluster, c.name, severity, body FROM alarms JOIN clusters c ON c.id = alarms.cluster
         WHERE raised_at > ? AND raised_at <= ? ORDER BY raised_at LIMIT ${LIMIT}`,
      ),
      cleared: db.prepare<[number, number], { at: number; cluster: string; name: string; body: string }>(
        `SELECT cleared_at AS at, c.key AS cluster, c.name, body FROM alarms JOIN clusters c ON c.id = alarms.cluster
         WHERE cleared_at > ? AND cleared_at <= ? ORDER BY cleared_at LIMIT ${LIMIT}`,
      ),
      conflicts: db.prepare<[number, number], { at: number; cluster: string; name: string; kind: string; target: string }>(
        `SELECT detected_at AS at, c.key AS cluster, c.name, kind, target FROM conflicts JOIN clusters c ON c.id = conflicts.cluster
         WHERE detected_at > ? AND detected_at <= ? ORDER BY detected_at LIMIT ${LIMIT}`,
      ),
      resumed: db.prepare<[number, number], { start: number; prev: number | null; cluster: string; name: string }>(
        `SELECT w.start, (SELECT max(p.last) FROM watched p WHERE p.cluster = w.cluster AND p.start < w.start) AS prev, c.key AS cluster, c.name
         FROM watched w JOIN clusters c ON c.id = w.cluster WHERE w.start > ? AND w.start <= ? ORDER BY w.start LIMIT ${LIMIT}`,
      ),
      resolved: db.prepare<[number, number], { at: number; cluster: string; name: string; kind: string; target: string }>(
        `SELECT resolved_at AS at, c.key AS cluster, c.name, kind, target FROM conflicts JOIN clusters c ON c.id = conflicts.cluster
         WHERE resolved_at > ? AND resolved_at <= ? ORDER BY resolved_at LIMIT ${LIMIT}`,
      ),
    };
  }

  /** This session's baseline (fixed at its first call) and what happened from then to `now`. */
  since(sessionId: string, now: number): { since: number | null; until: number; items: SinceItem[] } {
    let row = this.q.session.get(sessionId);
    if (!row) {
      row = { since: this.q.lastSeen.get()?.seen ?? null };
      this.q.open.run(sessionId, now, now, row.since);
    } else this.q.seen.run(now, sessionId);
    const since = row.since;
    return { since, until: now, items: since === null ? [] : this.items(since, now) };
  }

  seen(sessionId: string, now: number): number {
    const changed = this.q.seen.run(now, sessionId).changes;
    if (changed === 0) this.q.open.run(sessionId, now, now, this.q.lastSeen.get()?.seen ?? null);
    return now;
  }

  private items(from: number, to: number): SinceItem[] {
    const out: SinceItem[] = [];
    const base = (at: number, cluster: string, name: string) => ({ at, clusterId: cluster, clusterName: name });
    for (const f of this.q.failovers.all(from, to)) {
      const name = this.names.at(f.cluster, f.at);
      // What was seen, not why: a planned switchover makes the same change as a failover (the action, if any, is its own item).
      const title = f.from_key ? `new primary: ${name(f.to_key)} (was ${name(f.from_key)})` : `new primary: ${name(f.to_key)}`;
      out.push({ ...base(f.at, f.cluster, f.name), kind: 'failover', severity: 'critical', title });
    }
    for (const a of this.q.raised.all(from, to)) {
      out.push({ ...base(a.at, a.cluster, a.name), kind: 'alarm-raised', severity: a.severity, title: (JSON.parse(a.body) as { message: string }).message });
    }
    for (const a of this.q.cleared.all(from, to)) {
      out.push({ ...base(a.at, a.cluster, a.name), kind: 'alarm-cleared', severity: 'info', title: `cleared: ${(JSON.parse(a.body) as { message: string }).message}` });
    }
    for (const c of this.q.conflicts.all(from, to)) {
      out.push({ ...base(c.at, c.cluster, c.name), kind: 'conflict', severity: 'warning', title: `${c.kind} conflict on ${c.target}` });
    }
    for (const c of this.q.resolved.all(from, to)) {
      out.push({ ...base(c.at, c.cluster, c.name), kind: 'conflict-resolved', severity: 'info', title: `resolved: ${c.kind} conflict on ${c.target}` });
    }
    out.push(...this.gaps(from, to));
    return out.sort((a, b) => a.at - b.at);
  }

  /** Times ReplicaDesk was not watching (stopped, killed): one item per gap, not one per cluster. */
  private gaps(from: number, to: number): SinceItem[] {
    const out: SinceItem[] = [];
    const seen: { from: number; to: number }[] = [];
    const hhmmss = (t: number) => new Date(t).toISOString().slice(11, 19);
    for (const g of this.q.resumed.all(from, to)) {
      if (g.prev === null) continue; // first time this cluster was watched
      if (seen.some((s) => Math.abs(s.from - g.prev!) < 10_000 && Math.abs(s.to - g.start) < 10_000)) continue;
      seen.push({ from: g.prev, to: g.start });
      const secs = Math.round((g.start - g.prev) / 1000);
      const title = `ReplicaDesk was not watching from ${hhmmss(g.prev)} to ${hhmmss(g.start)} UTC (${secs} s)`;
      out.push({ at: g.prev, clusterId: g.cluster, clusterName: g.name, kind: 'gap', severity: 'warning', title });
    }
    return out;
  }
}
