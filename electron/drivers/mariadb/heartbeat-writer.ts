import { graphOf } from './build-sample';
import { heartbeatCreateSql, heartbeatNote, heartbeatWriteSql, isMissingTable, parseHeartbeatWrite, type HeartbeatWrite } from './heartbeat';
import type { ServerAddress } from './server-address';
import type { ServerConnection } from './server-connection';
import { quoteTable, tableNameOf, type TableName } from './sql-names';
import type { ServerView } from './view';
import type { ServerReading } from './wire';

/** How often a primary's row is written: about once a second, and at most once per sample (writes start from the sample). */
export const HEARTBEAT_WRITE_EVERY_MS = 1_000;
/** A write counts as due a little early, so a 1 s sample interval with timer jitter still writes every sample. */
const EARLY_MS = 100;
const CREATE_RETRY_MS = 30_000;

export interface HeartbeatWriterOptions {
  table: string;
  create: boolean;
  user: string;
  /** A connection of its own per primary: a commit held by semi-sync must never delay the reading. */
  connect(address: ServerAddress): ServerConnection;
  now(): number;
  signal: AbortSignal;
}

/**
 * Writes the heartbeat row (server_id, written_at = its UTC_TIMESTAMP(6)) on every writable primary (read_only
 * off; no source, or a master in a cycle) as the last crawl found them, about once a second, on its own
 * connection, without holding up the sample. With `create`, a missing table is created first (DDL replicates), at
 * most every 30 s; else the note says what to run.
 */
export class HeartbeatWriter {
  readonly table: TableName;
  private writers = new Map<string, ServerAddress>();
  private readonly conns = new Map<string, ServerConnection>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly startedAt = new Map<string, number>();
  private readonly results = new Map<string, HeartbeatWrite>();
  private readonly createdAt = new Map<string, number>();

  constructor(private readonly o: HeartbeatWriterOptions) {
    this.table = tableNameOf(o.table);
  }

  /** Takes the writable primaries from a crawl. */
  learn(views: readonly ServerView[], aliases?: ReadonlyMap<string, string>): void {
    const graph = graphOf(views, aliases);
    const writable = views.filter((v) => v.reading.kind === 'read' && !v.reading.value.readOnly && graph.roleOf(v.address.id) === 'primary');
    this.writers = new Map(writable.map((v) => [v.address.id, v.address]));
  }

  /** Starts the writes that are due; a write still running (a semi-sync commit waiting) is not doubled. */
  tick(): void {
    const now = this.o.now();
    for (const [id, address] of this.writers) {
      const last = this.startedAt.get(id);
      if (this.inFlight.has(id) || (last !== undefined && now - last < HEARTBEAT_WRITE_EVERY_MS - EARLY_MS)) continue;
      this.startedAt.set(id, now);
      const run = this.write(id, address).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, run);
    }
  }

  /** Puts `id`'s last write on its reading, with a note when it failed for a reason its read did not already name. */
  attach(id: string, reading: ServerReading): void {
    const w = this.writers.has(id) ? this.results.get(id) : undefined;
    if (!w) return;
    reading.heartbeatWrite = w;
    if (w.errno !== 0 && reading.heartbeat?.error?.errno !== w.errno) reading.notes.push(heartbeatNote(this.table, this.o.user, 'write', w));
  }

  /** Waits for the writes running now (tests; dispose). */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }

  close(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }

  private async write(id: string, address: ServerAddress): Promise<void> {
    let w = await this.attempt(id, address, heartbeatWriteSql(this.table));
    const tried = this.createdAt.get(id);
    if (this.o.create && isMissingTable(w.errno) && (tried === undefined || this.o.now() - tried >= CREATE_RETRY_MS)) {
      this.createdAt.set(id, this.o.now());
      const created = await this.attempt(id, address, heartbeatCreateSql(this.table));
      w = created.errno === 0 ? await this.attempt(id, address, heartbeatWriteSql(this.table)) : { ...created, message: `could not create ${quoteTable(this.table)}: ${created.message}` };
    }
    this.results.set(id, w);
  }

  private async attempt(id: string, address: ServerAddress, sql: string): Promise<HeartbeatWrite> {
    let conn = this.conns.get(id);
    if (!conn) this.conns.set(id, (conn = this.o.connect(address)));
    const r = await conn.query(sql, this.o.signal);
    if (!r.ok) return { errno: -1, message: r.reason };
    const rows = (r.value as unknown[])[0];
    // The write block answers with one row (errno 0, or the error it caught); DDL answers with OK packets.
    return Array.isArray(rows) ? (parseHeartbeatWrite(rows as Record<string, unknown>[]) ?? { errno: -1, message: 'no answer' }) : { errno: 0, message: '' };
  }
}
