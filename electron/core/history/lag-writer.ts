import type Database from 'better-sqlite3';
import type { LagPoint } from '../../../shared/model/lag-point';
import { ROLLUP_COLUMNS, Roller, type RollupRow } from './rollup';

const PLACEHOLDERS = ROLLUP_COLUMNS.split(',').map(() => '?').join(', ');

/** Writes raw lag points and their 10 s and 1 min rollups (prepared statements; the caller holds the transaction). */
export class LagWriter {
  private readonly raw;
  private readonly up10;
  private readonly up60;
  private readonly tenSec = new Roller(10_000);
  private readonly oneMin = new Roller(60_000);
  private readonly emit10 = (r: RollupRow) => this.up10.run(...r);
  private readonly emit60 = (r: RollupRow) => this.up60.run(...r);

  constructor(db: Database.Database) {
    this.raw = db.prepare<(number | null)[]>(
      'INSERT OR IGNORE INTO lag_raw (link, at, sent, write, flush, replay, write_ms, flush_ms, replay_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.up10 = db.prepare<RollupRow>(`INSERT OR REPLACE INTO lag_10s (${ROLLUP_COLUMNS}) VALUES (${PLACEHOLDERS})`);
    this.up60 = db.prepare<RollupRow>(`INSERT OR REPLACE INTO lag_1m (${ROLLUP_COLUMNS}) VALUES (${PLACEHOLDERS})`);
  }

  point(link: number, p: LagPoint): void {
    this.raw.run(link, Math.round(p.at), int(p.sentBytes), int(p.writeBytes), int(p.flushBytes), int(p.replayBytes), int(p.writeMs), int(p.flushMs), int(p.replayMs));
    this.tenSec.add(link, p, this.emit10);
    this.oneMin.add(link, p, this.emit60);
  }

  /** Writes rollups of buckets complete before `now` (links that stopped reporting). */
  settle(now: number): void {
    this.tenSec.drain(now, this.emit10);
    this.oneMin.drain(now, this.emit60);
  }

  /** Writes the buckets in progress too (before closing; a later point of the same bucket replaces the row). */
  settleAll(): void {
    this.tenSec.drainAll(this.emit10);
    this.oneMin.drainAll(this.emit60);
  }
}

function int(v: number | null): number | null {
  return v === null ? null : Math.round(v);
}
