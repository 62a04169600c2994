import type Database from 'better-sqlite3';
import type { HistoryMarker } from '../../../shared/ipc/history';
import type { Severity } from '../../../shared/model/event';
import type { IdMap } from './ids';
import { NodeNames } from './node-names';

type Sev = Severity;

/** Everything worth a mark on the timeline between two moments, oldest first. */
export class MarkersQuery {
  private readonly q;
  private readonly names: NodeNames;

  constructor(
    db: Database.Database,
    private readonly ids: IdMap,
  ) {
    this.names = new NodeNames(db);
    this.q = {
      events: db.prepare<[number, number, number, number], { at: number; kind: string; severity: Sev; message: string }>(
        "SELECT at, kind, severity, message FROM events WHERE cluster = ? AND at >= ? AND at <= ? AND alarm_key IS NULL AND kind != 'cleared' ORDER BY at LIMIT ?",
      ),
      alarms: db.prepare<[number, number, number, number], { raised_at: number; cleared_at: number | null; severity: Sev; body: string }>(
        'SELECT raised_at, cleared_at, severity, body FROM alarms WHERE cluster = ? AND raised_at <= ? AND (cleared_at IS NULL OR cleared_at >= ?) ORDER BY raised_at LIMIT ?',
      ),
      actions: db.prepare<[number, number, number, number], { started_at: number; ended_at: number | null; kind: string; status: string; run: string }>(
        'SELECT started_at, ended_at, kind, status, run FROM actions WHERE cluster = ? AND started_at <= ? AND (ended_at IS NULL OR ended_at >= ?) ORDER BY started_at LIMIT ?',
      ),
      failovers: db.prepare<[number, number, number, number], { at: number; from_key: string | null; to_key: string }>(
        `SELECT f.at, a.key AS from_key, b.key AS to_key FROM failovers f LEFT JOIN nodes a ON a.id = f.from_node JOIN nodes b ON b.id = f.to_node
         WHERE f.cluster = ? AND f.at >= ? AND f.at <= ? ORDER BY f.at LIMIT ?`,
      ),
      conflicts: db.prepare<[number, number, number, number], { detected_at: number; resolved_at: number | null; kind: string; target: string }>(
        'SELECT detected_at, resolved_at, kind, target FROM conflicts WHERE cluster = ? AND detected_at >= ? AND detected_at <= ? ORDER BY detected_at LIMIT ?',
      ),
      watched: db.prepare<[number, number, number], { start: number; last: number }>(
        'SELECT start, last FROM watched WHERE cluster = ? AND last >= ? AND start <= ? ORDER BY start',
      ),
    };
  }

  markers(clusterKey: string, from: number, to: number, limit: number): HistoryMarker[] {
    const cluster = this.ids.findCluster(clusterKey);
    if (cluster === undefined) return [];
    const out: HistoryMarker[] = [];
    for (const f of this.q.failovers.all(cluster, from, to, limit)) {
      const name = this.names.at(clusterKey, f.at);
      const title = f.from_key ? `new primary: ${name(f.from_key)} → ${name(f.to_key)}` : `new primary: ${name(f.to_key)}`;
      out.push({ at: f.at, endAt: null, kind: 'failover', severity: 'critical', title });
    }
    for (const a of this.q.actions.all(cluster, to, from, limit)) {
      const run = JSON.parse(a.run) as { plan: { target: string } };
      out.push({ at: a.started_at, endAt: a.ended_at, kind: 'action', severity: a.status === 'failed' ? 'critical' : 'info', title: `${a.kind} → ${run.plan.target} (${a.status})` });
    }
    for (const a of this.q.alarms.all(cluster, to, from, limit)) {
      const body = JSON.parse(a.body) as { message: string };
      out.push({ at: a.raised_at, endAt: a.cleared_at, kind: 'alarm', severity: a.severity, title: body.message });
    }
    for (const e of this.q.events.all(cluster, from, to, limit)) out.push({ at: e.at, endAt: null, kind: 'event', severity: e.severity, title: e.message });
    for (const c of this.q.conflicts.all(cluster, from, to, limit)) {
      out.push({ at: c.detected_at, endAt: c.resolved_at, kind: 'conflict', severity: 'warning', title: `${c.kind} conflict on ${c.target}` });
    }
    const spans = this.q.watched.all(cluster, from, to);
    for (let i = 1; i < spans.length; i++) {
      out.push({ at: spans[i - 1]!.last, endAt: spans[i]!.start, kind: 'gap', severity: 'info', title: 'ReplicaDesk was not watching' });
    }
    return out.sort((a, b) => a.at - b.at).slice(0, limit);
  }
}
