import type Database from 'better-sqlite3';

/** Bump with a migration below when the tables change. */
export const SCHEMA_VERSION = 1;

/**
 * Integer ids for clusters, nodes and links; time is epoch ms. Lag tables are
 * WITHOUT ROWID, clustered on (link, time): a chart of one link is one range scan.
 * New raw points go first to `lag_recent`, clustered on (time, link), where a
 * second of 1,000 links is an append to one or two pages; about once a minute
 * they move to `lag_raw` sorted by link (one page per link touched per minute,
 * not per second: that was most of the write cost).
 * Rollup columns: min/max/mean for the charted figures (sent and replay bytes,
 * write and replay ms), mean for the other three stages.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS clusters (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, key TEXT NOT NULL, UNIQUE (cluster, key));
CREATE TABLE IF NOT EXISTS links (id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, key TEXT NOT NULL, UNIQUE (cluster, key));
CREATE TABLE IF NOT EXISTS lag_raw (
  link INTEGER NOT NULL, at INTEGER NOT NULL,
  sent, write, flush, replay, write_ms, flush_ms, replay_ms,
  PRIMARY KEY (link, at)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lag_recent (
  at INTEGER NOT NULL, link INTEGER NOT NULL,
  sent, write, flush, replay, write_ms, flush_ms, replay_ms,
  PRIMARY KEY (at, link)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lag_10s (
  link INTEGER NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL,
  sent, sent_min, sent_max, write, flush, replay, replay_min, replay_max,
  write_ms, write_ms_min, write_ms_max, flush_ms, replay_ms, replay_ms_min, replay_ms_max,
  PRIMARY KEY (link, at)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lag_1m (
  link INTEGER NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL,
  sent, sent_min, sent_max, write, flush, replay, replay_min, replay_max,
  write_ms, write_ms_min, write_ms_max, flush_ms, replay_ms, replay_ms_min, replay_ms_max,
  PRIMARY KEY (link, at)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lag_1h (
  link INTEGER NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL,
  sent, sent_min, sent_max, write, flush, replay, replay_min, replay_max,
  write_ms, write_ms_min, write_ms_max, flush_ms, replay_ms, replay_ms_min, replay_ms_max,
  PRIMARY KEY (link, at)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS topology (cluster INTEGER NOT NULL, at INTEGER NOT NULL, keyframe INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (cluster, at)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS watched (cluster INTEGER NOT NULL, start INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (cluster, start)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS failovers (cluster INTEGER NOT NULL, at INTEGER NOT NULL, from_node INTEGER, to_node INTEGER NOT NULL,
  PRIMARY KEY (cluster, at, to_node)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
  severity TEXT NOT NULL, node INTEGER, message TEXT NOT NULL, alarm_key TEXT);
CREATE INDEX IF NOT EXISTS events_at ON events (cluster, at);
CREATE TABLE IF NOT EXISTS alarms (id INTEGER PRIMARY KEY, cluster INTEGER NOT NULL, key TEXT NOT NULL, raised_at INTEGER NOT NULL,
  cleared_at INTEGER, severity TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alarms_raised ON alarms (cluster, raised_at);
CREATE INDEX IF NOT EXISTS alarms_cleared ON alarms (cleared_at);
CREATE TABLE IF NOT EXISTS actions (id TEXT PRIMARY KEY, cluster INTEGER NOT NULL, kind TEXT NOT NULL, started_at INTEGER NOT NULL,
  ended_at INTEGER, status TEXT NOT NULL, run TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS actions_started ON actions (cluster, started_at);
CREATE TABLE IF NOT EXISTS action_steps (action TEXT NOT NULL, idx INTEGER NOT NULL, title TEXT NOT NULL, state TEXT NOT NULL,
  started_at INTEGER, ended_at INTEGER, detail TEXT, PRIMARY KEY (action, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS conflicts (id TEXT PRIMARY KEY, cluster INTEGER NOT NULL, detected_at INTEGER NOT NULL, kind TEXT NOT NULL,
  target TEXT NOT NULL, status TEXT NOT NULL, resolved_at INTEGER, resolution TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS conflicts_detected ON conflicts (cluster, detected_at);
CREATE INDEX IF NOT EXISTS conflicts_resolved ON conflicts (resolved_at);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, opened_at INTEGER NOT NULL, seen_at INTEGER NOT NULL, since INTEGER) WITHOUT ROWID;
`;

/** Pragmas for every connection; `auto_vacuum` only takes effect on a new file (set before the first table). */
export function configure(db: Database.Database): void {
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  db.pragma('busy_timeout = 2000');
}

/** Creates or upgrades the tables; refuses a file written by a newer version (it is not ours to change). */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new Error(`history database is schema ${version}, newer than this app's ${SCHEMA_VERSION}`);
  db.exec(DDL);
  if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
