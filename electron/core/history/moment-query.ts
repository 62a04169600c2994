import type Database from 'better-sqlite3';
import type { Alarm } from '../../../shared/model/event';
import type { ReplicationLink } from '../../../shared/model/link';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { HistoryMoment } from '../../../shared/ipc/history';
import type { IdMap } from './ids';
import type { StoredTopology } from './topology-state';
import { WATCH_GAP_MIN_MS } from './sample-writer';

type LagRow = [number, number | null, number | null, number | null, number | null, number | null, number | null, number | null];
/** A raw point counts for a moment if taken at most this long before it. */
const RAW_REACH_MS = 15_000;

/** The cluster as it was at a moment: one indexed read each for topology, lag per link, alarms and actions. */
export class MomentQuery {
  private readonly q;

  constructor(
    db: Database.Database,
    private readonly ids: IdMap,
  ) {
    const lag = (table: string, cols: string) =>
      db.prepare<[number, number, number], LagRow>(`SELECT at, ${cols} FROM ${table} WHERE link = ? AND at <= ? AND at > ? ORDER BY at DESC LIMIT 1`).raw();
    this.q = {
      topology: db.prepare<[number, number], { at: number; body: string }>('SELECT at, body FROM topology WHERE cluster = ? AND at <= ? ORDER BY at DESC LIMIT 1'),
      watched: db.prepare<[number, number], { start: number; last: number }>('SELECT start, last FROM watched WHERE cluster = ? AND start <= ? ORDER BY start DESC LIMIT 1'),
      raw: lag('lag_raw', 'sent, write, flush, replay, write_ms, flush_ms, replay_ms'),
      recent: lag('lag_recent', 'sent, write, flush, replay, write_ms, flush_ms, replay_ms'),
      tenSec: lag('lag_10s', 'sent, write, flush, replay, write_ms, flush_ms, replay_ms'),
      oneMin: lag('lag_1m', 'sent, write, flush, replay, write_ms, flush_ms, replay_ms'),
      oneHour: lag('lag_1h', 'sent, write, flush, replay, write_ms, flush_ms, replay_ms'),
      alarms: db.prepare<[number, number, number], { body: string }>(
        'SELECT body FROM alarms WHERE cluster = ? AND raised_at <= ? AND (cleared_at IS NULL OR cleared_at > ?) ORDER BY raised_at',
      ),
      actions: db.prepare<[number, number, number], { run: string }>(
        'SELECT run FROM actions WHERE cluster = ? AND started_at <= ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at',
      ),
    };
  }

  at(clusterKey: string, at: number): HistoryMoment {
    const none = (note: string): HistoryMoment => ({ at, sample: null, actions: [], topologyAt: null, note });
    const cluster = this.ids.findCluster(clusterKey);
    if (cluster === undefined) return none('no history for this cluster yet');
    const span = this.q.watched.get(cluster, at);
    if (!span || at > span.last + WATCH_GAP_MIN_MS) {
      const when = span ? ` (watching stopped at ${new Date(span.last).toISOString()})` : '';
      return none(`ReplicaDesk was not watching this cluster at that moment${when}`);
    }
    const row = this.q.topology.get(cluster, at);
    if (!row) return none('no topology stored for that moment');
    const topo = JSON.parse(row.body) as StoredTopology;
    const links: ReplicationLink[] = topo.links.map((l) => ({ ...l, lag: this.lagAt(cluster, l.id, at) }));
    const alarms = this.q.alarms.all(cluster, at, at).map((r) => JSON.parse(r.body) as Alarm);
    return {
      at,
      sample: {
        clusterId: clusterKey,
        takenAt: at,
        durationMs: 0,
        nodes: topo.nodes.map((n) => ({ ...n, lastSeenAt: n.status.kind === 'up' || n.status.kind === 'degraded' ? at : null })),
        links,
        slots: [],
        consensus: topo.leader !== null || topo.term !== null ? { leaderId: topo.leader, term: topo.term ?? '0', members: [] } : null,
        queriesPerNode: 0,
        warnings: [],
        alarms,
      },
      actions: this.q.actions.all(cluster, at, at).map((r) => asOf(JSON.parse(r.run) as ActionRun, at)),
      topologyAt: row.at,
      note: null,
    };
  }

  private lagAt(cluster: number, linkKey: string, at: number): ReplicationLink['lag'] {
    const link = this.ids.findLink(cluster, linkKey);
    const row =
      link === undefined
        ? undefined
        : (this.q.recent.get(link, at, at - RAW_REACH_MS) ?? this.q.raw.get(link, at, at - RAW_REACH_MS) ?? this.q.tenSec.get(link, at, at - 20_000) ?? this.q.oneMin.get(link, at, at - 120_000) ?? this.q.oneHour.get(link, at, at - 2 * 3_600_000));
    const v = (i: number) => (row ? (row[i] ?? null) : null);
    return {
      bytes: { sent: v(1), write: v(2), flush: v(3), replay: v(4) },
      ms: { write: v(5), flush: v(6), replay: v(7) },
      measuredAt: row ? row[0] : at,
      source: row ? 'history' : 'history: no lag stored near this moment',
    };
  }
}

/** A run as it stood at `at`: steps started later are pending, steps still running then are running. */
export function asOf(run: ActionRun, at: number): ActionRun {
  const steps = run.plan.steps.map((s) => {
    if (s.startedAt === null || s.startedAt > at) return { ...s, state: 'pending' as const, startedAt: null, endedAt: null, detail: null };
    if (s.endedAt === null || s.endedAt > at) return { ...s, state: 'running' as const, endedAt: null, detail: null };
    return s;
  });
  return { ...run, status: 'running', plan: { ...run.plan, steps } };
}
