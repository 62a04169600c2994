import type Database from 'better-sqlite3';
import type { LagPoint } from '../../../shared/model/lag-point';
import { ROLLUP_COLUMNS, Roller, type RollupRow } from './rollup';

const PLACEHOLDERS = ROLLUP_COLUMNS.split(',').map(() => '?').join(', ');

/** Writes raw lag points and their 10 s, 1 min and 1 h rollups (prepared statements; the caller holds the transaction). */
export class LagWriter {
  private readonly raw;
  private readonly moveRecent;
  private readonly clearRecent;
  private readonly up10;
  private readonly up60;
  private readonly up3600;
  private readonly tenSec = new Roller(10_000);
  private readonly oneMin = new Roller(60_000);
  private readonly oneHour = new Roller(3_600_000);
  private readonly emit10 = (r: RollupRow) => this.up10.run(...r);
  private readonly emit60 = (r: RollupRow) => this.up60.run(...r);
  private readonly emit3600 = (r: RollupRow) => this.up3600.run(...r);

  constructor(db: Database.Database) {
    this.raw = db.prepare<(number | null)[]>(
      'INSERT OR IGNORE INTO lag_recent (link, at, sent, write, flush, replay, write_ms, flush_ms, replay_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.moveRecent = db.prepare(
      'INSERT OR IGNORE INTO lag_raw (link, at, sent, write, flush, replay, write_ms, flush_ms, replay_ms) SELECT link, at, sent, write, flush, replay, write_ms, flush_ms, replay_ms FROM lag_recent ORDER BY link, at',
    );
    this.clearRecent = db.prepare('DELETE FROM lag_recent');
    this.up10 = db.prepare<RollupRow>(`INSERT OR REPLACE INTO lag_10s (${ROLLUP_COLUMNS}) VALUES (${PLACEHOLDERS})`);
    this.up60 = db.prepare<RollupRow>(`INSERT OR REPLACE INTO lag_1m (${ROLLUP_COLUMNS}) VALUES (${PLACEHOLDERS})`);
    this.up3600 = db.prepare<RollupRow>(`INSERT OR REPLACE INTO lag_1h (${ROLLUP_COLUMNS}) VALUES (${PLACEHOLDERS})`);
  }

  point(link: number, p: LagPoint): void {
    this.raw.run(link, Math.round(p.at), int(p.sentBytes), int(p.writeBytes), int(p.flushBytes), int(p.replayBytes), int(p.writeMs), int(p.flushMs), int(p.replayMs));
    this.tenSec.add(link, p, this.emit10);
    this.oneMin.add(link, p, this.emit60);
    this.oneHour.add(link, p, this.emit3600);
  }

  /** Writes rollups of buckets complete before `now` (links that stopped reporting). */
  settle(now: number): void {
    this.tenSec.drain(now, this.emit10);
    this.oneMin.drain(now, this.emit60);
    this.oneHour.drain(now, this.emit3600);
  }

  /** Moves the staged raw points into `lag_raw`, sorted by link (inside the caller's transaction). */
  moveToRaw(): number {
    const moved = this.moveRecent.run().changes;
    this.clearRecent.run();
    return moved;
  }

  /** Writes the buckets in progress too (before closing; a later point of the same bucket replaces the row). */
  settleAll(): void {
    this.tenSec.drainAll(this.emit10);
    this.oneMin.drainAll(this.emit60);
    this.oneHour.drainAll(this.emit3600);
  }
}

function int(v: number | null): number | null {
  return v === null ? null : Math.round(v);
}
