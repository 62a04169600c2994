import type { ActionRun } from '../../../shared/ipc/actions';
import type Database from 'better-sqlite3';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import type { HistoryLag, HistoryMarker, HistoryMoment, HistoryStatus, SinceItem } from '../../../shared/ipc/history';
import type { Logger } from '../logger';
import { moveAside, openHistoryDb } from './open-db';
import { DEFAULT_RETENTION, enforceRetention, oldestOf, usedBytes, type RetentionOptions } from './retention';
import { bind, type Bound } from './bound';

export interface HistoryOptions {
  file: string;
  now: () => number;
  log: Logger;
  /** How often pending changes are written, one transaction each (default 1 s; 0: only on `flush()`). */
  flushEveryMs?: number;
  /** How often retention and the size cap are enforced (default 60 s). */
  maintainEveryMs?: number;
  retention?: Partial<RetentionOptions>;
}


/**
 * Persistent history in SQLite: takes the core's deltas, writes them in one
 * transaction per flush, answers range and moment queries. Never throws to the
 * caller: a file that cannot be used leaves history in memory with `problem` set.
 */
export class HistoryStore {
  private b: Bound;
  private mode: 'file' | 'memory';
  private problem: string | null;
  private pending: MonitorDelta[] = [];
  private readonly retention: RetentionOptions;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly opts: HistoryOptions) {
    this.retention = { ...DEFAULT_RETENTION, ...opts.retention };
    const opened = openHistoryDb(opts.file, opts.now);
    if (opened.problem) opts.log.error('history file problem', { problem: opened.problem });
    this.mode = opened.mode;
    this.problem = opened.problem;
    this.b = bind(opened.db, opts.now);
    const every = (ms: number, fn: () => void) => {
      if (ms <= 0) return;
      const t = setInterval(fn, ms);
      t.unref?.();
      this.timers.push(t);
    };
    every(opts.flushEveryMs ?? 1_000, () => this.flush());
    every(opts.maintainEveryMs ?? 60_000, () => this.maintain());
  }

  /** Queues a delta; written at the next flush. */
  ingest(delta: MonitorDelta): void {
    if (!this.closed) this.pending.push(delta);
  }

  /** Writes everything pending in one transaction. */
  flush(): void {
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.guard('write', () => this.b.write(batch));
  }

  /** Moves staged raw points, then retention and the size cap; returns rows deleted. */
  maintain(): number {
    this.flush();
    return (
      this.guard('retention', () => {
        this.b.db.transaction(() => this.b.lag.moveToRaw())();
        return enforceRetention(this.b.db, this.retention, this.opts.now());
      }) ?? 0
    );
  }

  lag(clusterId: string, linkId: string, from: number, to: number, maxPoints: number): HistoryLag {
    this.flush();
    const cluster = this.b.ids.findCluster(clusterId);
    const link = cluster === undefined ? undefined : this.b.ids.findLink(cluster, linkId);
    return this.b.lagQuery.read(link, from, to, maxPoints);
  }

  at(clusterId: string, at: number): HistoryMoment {
    this.flush();
    return this.b.moment.at(clusterId, at);
  }

  markers(clusterId: string, from: number, to: number, limit: number): HistoryMarker[] {
    this.flush();
    return this.b.markersQuery.markers(clusterId, from, to, limit);
  }

  since(sessionId: string): { since: number | null; until: number; items: SinceItem[] } {
    this.flush();
    return this.b.sinceQuery.since(sessionId, this.opts.now());
  }

  /** Actions stored in the history, newest first (all clusters when `clusterId` is undefined). */
  recentActions(clusterId: string | undefined, limit = 200): ActionRun[] {
    this.flush();
    return this.b.actionsQuery.recent(clusterId, limit);
  }

  seen(sessionId: string): number {
    return this.b.sinceQuery.seen(sessionId, this.opts.now());
  }

  status(): HistoryStatus {
    const db = this.b.db;
    return {
      mode: this.mode,
      file: this.opts.file,
      problem: this.problem,
      sizeBytes: usedBytes(db),
      capBytes: this.retention.capBytes,
      oldest: { raw: oldestOf(db, 'lag_raw'), '10s': oldestOf(db, 'lag_10s'), '1m': oldestOf(db, 'lag_1m'), '1h': oldestOf(db, 'lag_1h') },
    };
  }

  /** The open database, for tests and the benchmark (integrity checks, sizes). */
  get database(): Database.Database {
    return this.b.db;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.guard('close', () =>
      this.b.db.transaction(() => {
        this.b.lag.settleAll();
        this.b.lag.moveToRaw();
      })(),
    );
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    try {
      this.b.db.close();
    } catch (error) {
      this.opts.log.warn('history close failed', { error: String(error) });
    }
  }

  /** Runs one database step; a damaged file is moved aside and replaced, other errors are logged and kept as `problem`. */
  private guard<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const message = error instanceof Error ? error.message : String(error);
      this.problem = `history ${what} failed: ${message}`;
      this.opts.log.error('history step failed', { what, code, error: message });
      if ((code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') && this.mode === 'file') this.replaceDamaged();
      return undefined;
    }
  }

  private replaceDamaged(): void {
    try {
      this.b.db.close();
    } catch {
      // the handle of a damaged file may refuse to close cleanly
    }
    let aside = '';
    try {
      aside = moveAside(this.opts.file, this.opts.now);
    } catch (error) {
      this.problem += `; could not move the file aside: ${String(error)}`;
    }
    const opened = openHistoryDb(this.opts.file, this.opts.now);
    this.mode = opened.mode;
    this.problem = [this.problem, aside && `damaged file moved to ${aside}`, opened.problem].filter(Boolean).join('; ');
    this.b = bind(opened.db, this.opts.now);
  }
}
