import Database from 'better-sqlite3';
import { chmodSync, existsSync, renameSync } from 'node:fs';
import { configure, migrate } from './schema';

export interface OpenedDb {
  db: Database.Database;
  mode: 'file' | 'memory';
  /** What went wrong with the file, in words (null: opened fine). */
  problem: string | null;
  /** Where a corrupt file was moved (never deleted). */
  movedAside: string | null;
}

/**
 * Opens (or creates) the history file. A file that is not a database, or whose
 * schema cannot be read, is renamed `history.db.corrupt-<time>` (with its -wal and
 * -shm) and a new one is started; if the file cannot be used at all, history
 * lives in memory for this run and `problem` says why. Never throws.
 */
export function openHistoryDb(file: string, now: () => number): OpenedDb {
  const first = tryOpen(file);
  if (first.ok) return { db: first.db, mode: 'file', problem: null, movedAside: null };
  let movedAside: string | null = null;
  if (first.corrupt && existsSync(file)) {
    try {
      movedAside = moveAside(file, now);
    } catch (error) {
      return memory(`history file ${file} is unreadable (${first.reason}) and could not be moved aside: ${message(error)}`, null);
    }
    const second = tryOpen(file);
    if (second.ok) {
      return { db: second.db, mode: 'file', problem: `history file was unreadable (${first.reason}); moved to ${movedAside}, a new one was started`, movedAside };
    }
    return memory(`history file ${file} cannot be created: ${second.reason}`, movedAside);
  }
  return memory(`history file ${file} cannot be opened: ${first.reason}`, movedAside);
}

type Attempt = { ok: true; db: Database.Database } | { ok: false; corrupt: boolean; reason: string };

function tryOpen(file: string): Attempt {
  let db: Database.Database | null = null;
  // The history holds cluster names, addresses and what admins did: owner only (0600), also for -wal and -shm.
  const umask = narrowUmask();
  try {
    db = new Database(file);
    configure(db);
    // Reads the schema (a damaged header or schema fails here); a full quick_check would cost seconds on 1 GB.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    migrate(db);
    ownerOnly(file);
    return { ok: true, db };
  } catch (error) {
    try {
      db?.close();
    } catch {
      // closing a broken handle may fail too; the file is what matters
    }
    const code = (error as { code?: string }).code ?? '';
    return { ok: false, corrupt: code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB', reason: message(error) };
  } finally {
    if (umask !== null) process.umask(umask);
  }
}

/** umask 077 for the files SQLite creates; null where it cannot be set (worker threads): the chmod after open still applies. */
function narrowUmask(): number | null {
  try {
    return process.umask(0o077);
  } catch {
    return null;
  }
}

/** Files created earlier (by a version that left them 0644) are narrowed to 0600 as well. */
function ownerOnly(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

function memory(problem: string, movedAside: string | null): OpenedDb {
  const db = new Database(':memory:');
  migrate(db);
  return { db, mode: 'memory', problem, movedAside };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Renames the file (and its -wal, -shm) to `<file>.corrupt-<time>`; returns the new name. */
export function moveAside(file: string, now: () => number): string {
  const aside = `${file}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  for (const ext of ['-wal', '-shm']) if (existsSync(file + ext)) renameSync(file + ext, aside + ext);
  return aside;
}
