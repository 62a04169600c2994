import type Database from 'better-sqlite3';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { IdMap } from './ids';

/** Actions the history has (with their steps as last written), newest first: "Recent actions" after a restart. */
export class ActionsQuery {
  private readonly q;

  constructor(
    db: Database.Database,
    private readonly ids: IdMap,
  ) {
    this.q = {
      all: db.prepare<[number], { run: string }>('SELECT run FROM actions ORDER BY started_at DESC LIMIT ?'),
      cluster: db.prepare<[number, number], { run: string }>('SELECT run FROM actions WHERE cluster = ? ORDER BY started_at DESC LIMIT ?'),
    };
  }

  recent(clusterKey: string | undefined, limit: number): ActionRun[] {
    if (clusterKey === undefined) return this.q.all.all(limit).map((r) => JSON.parse(r.run) as ActionRun);
    const cluster = this.ids.findCluster(clusterKey);
    return cluster === undefined ? [] : this.q.cluster.all(cluster, limit).map((r) => JSON.parse(r.run) as ActionRun);
  }
}

/**
 * The action service's runs (this process) merged with the history's: a run both know is the
 * service's; a run the history last saw running that this process does not know was cut off
 * by a stop of the app, so it is `interrupted`. Newest first.
 */
export function mergeRuns(live: readonly ActionRun[], stored: readonly ActionRun[]): ActionRun[] {
  const ids = new Set(live.map((r) => r.plan.id));
  const older = stored.filter((r) => !ids.has(r.plan.id)).map((r): ActionRun => (r.status === 'running' ? { ...r, status: 'interrupted' } : r));
  return [...live, ...older].sort((a, b) => b.plan.createdAt - a.plan.createdAt);
}
