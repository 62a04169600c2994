import type Database from 'better-sqlite3';

const DAY = 86_400_000;

export interface RetentionOptions {
  rawMs: number;
  tenSecMs: number;
  oneMinMs: number;
  oneHourMs: number;
  /** Events, alarms, actions, conflicts, topology, failovers. */
  journalMs: number;
  capBytes: number;
}

export const DEFAULT_RETENTION: RetentionOptions = {
  rawMs: 7 * DAY,
  tenSecMs: 30 * DAY,
  oneMinMs: 365 * DAY,
  oneHourMs: 3 * 365 * DAY,
  journalMs: 365 * DAY,
  capBytes: 1024 ** 3,
};

/** Tiers in the order they give way under the size cap: finest first. */
const TIERS = ['lag_raw', 'lag_10s', 'lag_1m', 'lag_1h'] as const;
type Tier = (typeof TIERS)[number];
/** How much of a tier one trimming step removes when over the cap. */
const STEP_MS: Record<Tier, number> = { lag_raw: 10 * 60_000, lag_10s: 3_600_000, lag_1m: DAY, lag_1h: 7 * DAY };
/** A tier is not trimmed below this span for the cap (the next one gives way first). */
const KEEP_MS: Record<Tier, number> = { lag_raw: 10 * 60_000, lag_10s: 3_600_000, lag_1m: DAY, lag_1h: 30 * DAY };

/** Bytes in use (the file may hold free pages on top, reused before it grows). */
export function usedBytes(db: Database.Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return (pages - free) * size;
}

/** Age-based retention, then the size cap: the oldest fine-grained data goes first. Returns rows deleted. */
export function enforceRetention(db: Database.Database, opts: RetentionOptions, now: number): number {
  const links = (db.prepare('SELECT id FROM links').raw().all() as [number][]).map((r) => r[0]);
  let deleted = 0;
  const cut = (tier: Tier, before: number) => {
    const del = db.prepare<[number, number]>(`DELETE FROM ${tier} WHERE link = ? AND at < ?`);
    db.transaction(() => {
      for (const link of links) deleted += del.run(link, before).changes;
    })();
  };
  cut('lag_raw', now - opts.rawMs);
  cut('lag_10s', now - opts.tenSecMs);
  cut('lag_1m', now - opts.oneMinMs);
  cut('lag_1h', now - opts.oneHourMs);
  const journalBefore = now - opts.journalMs;
  db.transaction(() => {
    for (const sql of [
      'DELETE FROM events WHERE at < ?',
      'DELETE FROM alarms WHERE cleared_at < ?',
      'DELETE FROM failovers WHERE at < ?',
      'DELETE FROM conflicts WHERE detected_at < ? AND status = \'resolved\'',
      'DELETE FROM action_steps WHERE action IN (SELECT id FROM actions WHERE ended_at < ?)',
      'DELETE FROM actions WHERE ended_at < ?',
      'DELETE FROM watched WHERE last < ?',
      // A keyframe is written every 10 min: keep 10 min more so the first moment kept has its topology.
      `DELETE FROM topology WHERE at < ? - ${15 * 60_000}`,
    ]) {
      deleted += db.prepare<[number]>(sql).run(journalBefore).changes;
    }
  })();
  for (let round = 0; round < 24 && usedBytes(db) > opts.capBytes; round++) {
    const tier = TIERS.find((t) => span(db, t, links, now) > KEEP_MS[t]);
    if (!tier) break;
    const oldest = oldestOf(db, tier, links);
    if (oldest === null) break;
    cut(tier, Math.min(oldest + STEP_MS[tier], now - KEEP_MS[tier]));
  }
  if (deleted > 0) db.pragma('incremental_vacuum(4000)');
  return deleted;
}

/** The oldest moment a tier holds, over all links (one indexed read per link; raw points still staged count for raw). */
export function oldestOf(db: Database.Database, tier: Tier, links?: number[]): number | null {
  const ids = links ?? (db.prepare('SELECT id FROM links').raw().all() as [number][]).map((r) => r[0]);
  const q = db.prepare<[number], { at: number | null }>(`SELECT min(at) AS at FROM ${tier} WHERE link = ?`);
  let oldest: number | null = tier === 'lag_raw' ? ((db.prepare('SELECT min(at) AS at FROM lag_recent').get() as { at: number | null }).at ?? null) : null;
  for (const id of ids) {
    const at = q.get(id)?.at ?? null;
    if (at !== null && (oldest === null || at < oldest)) oldest = at;
  }
  return oldest;
}

function span(db: Database.Database, tier: Tier, links: number[], now: number): number {
  const oldest = oldestOf(db, tier, links);
  return oldest === null ? 0 : now - oldest;
}
