import type Database from 'better-sqlite3';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { HistoryLag, HistoryResolution } from '../../../shared/ipc/history';

// SQL text here is built only from the fixed identifiers in these tables, chosen by enum; every value is a bind parameter.
const TABLE: Record<HistoryResolution, string> = { raw: 'lag_raw', '10s': 'lag_10s', '1m': 'lag_1m', '1h': 'lag_1h' };
const WIDTH: Record<HistoryResolution, number> = { raw: 0, '10s': 10_000, '1m': 60_000, '1h': 3_600_000 };
const ORDER: HistoryResolution[] = ['raw', '10s', '1m', '1h'];

/**
 * The resolution that fits: the coarsest whose bucket is no wider than one returned
 * point (range / maxPoints), so 5 min reads every sample, 6 h reads 10 s rollups,
 * 24 h … 7 d read 1 min rollups and 30 … 90 d read 1 h rollups.
 */
export function chooseResolution(rangeMs: number, maxPoints: number): HistoryResolution {
  const step = rangeMs / maxPoints;
  if (step < 10_000) return 'raw';
  if (step < 60_000) return '10s';
  if (step < 3_600_000) return '1m';
  return '1h';
}

/** Means are the same columns in raw points and rollups (a rollup's columns hold its means). */
const MEANS = 'avg(sent), avg(write), avg(flush), avg(replay), avg(write_ms), avg(flush_ms), avg(replay_ms)';
const MAXES = {
  raw: 'max(sent), max(write), max(flush), max(replay), max(write_ms), max(flush_ms), max(replay_ms)',
  rollup: 'max(sent_max), max(write), max(flush), max(replay_max), max(write_ms_max), max(flush_ms), max(replay_ms_max)',
};

type Row = [number, ...(number | null)[]];
type Params = { from: number; step: number; link: number; to: number };

/** Reads one link's lag at the chosen resolution, grouped into at most `maxPoints` steps, in one statement. */
export class LagQuery {
  private readonly stmts = new Map<HistoryResolution, Database.Statement<[Params], Row>>();
  private readonly oldest = new Map<HistoryResolution, Database.Statement<[{ link: number }], { at: number | null }>>();

  constructor(db: Database.Database) {
    for (const r of ORDER) {
      const kind = r === 'raw' ? 'raw' : 'rollup';
      // Bucket b covers [from + b*step, from + (b+1)*step); reported at its start.
      // Raw points still staged in lag_recent are read with the rest.
      const source =
        r === 'raw'
          ? `(SELECT * FROM lag_raw WHERE link = @link AND at >= @from AND at < @to
              UNION ALL SELECT link, at, sent, write, flush, replay, write_ms, flush_ms, replay_ms FROM lag_recent WHERE at >= @from AND at < @to AND link = @link)`
          : `(SELECT * FROM ${TABLE[r]} WHERE link = @link AND at >= @from AND at < @to)`;
      const sql = `SELECT CAST((at - @from) / @step AS INTEGER) AS b, ${MEANS}, ${MAXES[kind]} FROM ${source} GROUP BY b ORDER BY b`;
      this.stmts.set(r, db.prepare<[Params], Row>(sql).raw());
      const oldest =
        r === 'raw'
          ? `SELECT coalesce(min(r, s), r, s) AS at FROM (SELECT (SELECT min(at) FROM lag_raw WHERE link = @link) AS r, (SELECT min(at) FROM lag_recent WHERE link = @link) AS s)`
          : `SELECT min(at) AS at FROM ${TABLE[r]} WHERE link = @link`;
      this.oldest.set(r, db.prepare<[{ link: number }], { at: number | null }>(oldest));
    }
  }

  /**
   * Fine data trimmed (retention or the size cap) before `from`: a coarser tier, but only one that really holds
   * older data (more than one of its buckets before the finer tier's oldest; a rollup bucket starts before its
   * first point, so a young history is not mistaken for a trimmed one).
   */
  private reaching(link: number, wanted: HistoryResolution, from: number, slack: number): HistoryResolution {
    const tiers = ORDER.slice(ORDER.indexOf(wanted));
    const oldest = tiers.map((r) => this.oldest.get(r)!.get({ link })?.at ?? null);
    let pick = 0;
    for (let i = 1; i < tiers.length; i++) {
      const mine = oldest[pick];
      if (mine !== null && mine !== undefined && mine <= from + WIDTH[tiers[pick]!] + slack) break; // reaches back
      const theirs = oldest[i];
      if (theirs === null || theirs === undefined) continue;
      if (mine === null || mine === undefined || theirs + WIDTH[tiers[i]!] < mine) pick = i;
    }
    return tiers[pick]!;
  }

  read(link: number | undefined, from: number, to: number, maxPoints: number): HistoryLag {
    const wanted = chooseResolution(to - from, maxPoints);
    if (link === undefined) return { resolution: wanted, stepMs: 0, from, to, points: [], max: [], note: 'no history for this link' };
    const resolution = this.reaching(link, wanted, from, (to - from) / maxPoints);
    const note = resolution !== wanted ? `${wanted} data is no longer kept for the start of this range; showing ${resolution}` : null;
    const step = Math.max(1, Math.ceil((to - from) / maxPoints), WIDTH[resolution]);
    const rows = this.stmts.get(resolution)!.all({ from, step, link, to });
    const points: LagPoint[] = [];
    const max: LagPoint[] = [];
    for (const row of rows) {
      const at = from + (row[0] as number) * step;
      points.push(point(at, row, 1));
      max.push(point(at, row, 8));
    }
    return { resolution, stepMs: step, from, to, points, max, note };
  }
}

function point(at: number, row: Row, o: number): LagPoint {
  const v = (i: number) => {
    const x = row[o + i];
    return x === null || x === undefined ? null : Math.round(x);
  };
  return { at, sentBytes: v(0), writeBytes: v(1), flushBytes: v(2), replayBytes: v(3), writeMs: v(4), flushMs: v(5), replayMs: v(6) };
}
