import type Database from 'better-sqlite3';
import type { ClusterEvent } from '../../../shared/model/event';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ConflictEvent } from '../../../shared/model/conflict';
import type { IdMap } from './ids';

const ENDED = new Set(['done', 'done-manual', 'failed', 'aborted', 'interrupted']);

/** Events, actions (with their steps) and conflicts (with their resolutions), upserted as they change. */
export class JournalWriter {
  private readonly q;

  constructor(
    db: Database.Database,
    private readonly ids: IdMap,
  ) {
    this.q = {
      event: db.prepare<[number, number, string, string, number | null, string, string | null]>(
        'INSERT INTO events (cluster, at, kind, severity, node, message, alarm_key) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      action: db.prepare<[string, number, string, number, number | null, string, string]>(
        'INSERT OR REPLACE INTO actions (id, cluster, kind, started_at, ended_at, status, run) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      step: db.prepare<[string, number, string, string, number | null, number | null, string | null]>(
        'INSERT OR REPLACE INTO action_steps (action, idx, title, state, started_at, ended_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      conflict: db.prepare<[string, number, number, string, string, string, number | null, string | null]>(
        'INSERT OR REPLACE INTO conflicts (id, cluster, detected_at, kind, target, status, resolved_at, resolution) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  event(e: ClusterEvent): void {
    const cluster = this.ids.cluster(e.clusterId);
    const node = e.nodeId === null ? null : this.ids.node(cluster, e.nodeId);
    this.q.event.run(cluster, e.at, e.kind, e.severity, node, e.message, e.alarmKey ?? null);
  }

  /** Runs that were only planned (dry runs) are not history: nothing happened. */
  action(run: ActionRun, now: number): void {
    if (run.status === 'planned') return;
    const { plan } = run;
    const starts = plan.steps.map((s) => s.startedAt).filter((t): t is number => t !== null);
    const ends = plan.steps.map((s) => s.endedAt).filter((t): t is number => t !== null);
    const startedAt = starts.length ? Math.min(...starts) : now;
    const endedAt = ENDED.has(run.status) ? Math.max(startedAt, ...ends) : null;
    const cluster = this.ids.cluster(plan.clusterId);
    this.q.action.run(plan.id, cluster, plan.kind, startedAt, endedAt, run.status, JSON.stringify(run));
    plan.steps.forEach((s, i) => this.q.step.run(plan.id, i, s.title, s.state, s.startedAt, s.endedAt, s.detail));
  }

  conflict(c: ConflictEvent): void {
    const cluster = this.ids.cluster(c.clusterId);
    const resolution = c.resolution ? JSON.stringify({ at: c.resolution.at, by: c.resolution.by, how: c.resolution.how }) : null;
    this.q.conflict.run(c.id, cluster, c.detectedAt, c.kind, `${c.target.table} ${c.target.key}`, c.status, c.resolution?.at ?? null, resolution);
  }
}
