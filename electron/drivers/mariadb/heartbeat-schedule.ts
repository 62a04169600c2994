import { graphOf } from './build-sample';
import { heartbeatCreateSql, isMissingTable } from './heartbeat';
import type { HeartbeatPlan } from './server-reading';
import type { ServerConnection } from './server-connection';
import { quoteTable, tableNameOf, type TableName } from './sql-names';
import type { ServerView } from './view';
import type { ServerReading } from './wire';

/** How often a primary's row is written: about once a second, and never more than once per sample (writes ride on the reading). */
export const HEARTBEAT_WRITE_EVERY_MS = 1_000;
/** A write counts as due a little early, so a 1 s sample interval with timer jitter still writes every sample. */
const EARLY_MS = 100;
const CREATE_RETRY_MS = 30_000;

/**
 * Who writes the heartbeat and when: every writable primary (read_only off, no source, or a master in a cycle) as
 * the last crawl found them, about once a second. With `create`, a missing table is created on the primary (DDL
 * replicates), at most every 30 s; without it, the node notes say what to run.
 */
export class HeartbeatSchedule {
  readonly table: TableName;
  private writers = new Set<string>();
  private readonly lastWriteAt = new Map<string, number>();
  private readonly lastCreateAt = new Map<string, number>();

  constructor(
    private readonly spec: { table: string; create: boolean },
    private readonly everyMs = HEARTBEAT_WRITE_EVERY_MS,
  ) {
    this.table = tableNameOf(spec.table);
  }

  /** Takes the writable primaries from a crawl. */
  learn(views: readonly ServerView[], aliases?: ReadonlyMap<string, string>): void {
    const graph = graphOf(views, aliases);
    this.writers = new Set(views.filter((v) => v.reading.kind === 'read' && !v.reading.value.readOnly && graph.roleOf(v.address.id) === 'primary').map((v) => v.address.id));
  }

  isWriter(id: string): boolean {
    return this.writers.has(id);
  }

  /** The heartbeat part of `id`'s next reading: always read; write when it is a writer and its row is due. */
  plan(id: string, now: number): HeartbeatPlan {
    const last = this.lastWriteAt.get(id);
    const due = this.writers.has(id) && (last === undefined || now - last >= this.everyMs - EARLY_MS);
    if (due) this.lastWriteAt.set(id, now);
    return { table: this.table, write: due };
  }

  /** After a reading: creates a missing table when the spec allows it (one extra round-trip, rarely). */
  async after(id: string, reading: ServerReading, conn: ServerConnection, now: number, signal: AbortSignal): Promise<void> {
    const w = reading.heartbeatWrite;
    if (!this.spec.create || !w || !isMissingTable(w.errno)) return;
    const tried = this.lastCreateAt.get(id);
    if (tried !== undefined && now - tried < CREATE_RETRY_MS) return;
    this.lastCreateAt.set(id, now);
    const r = await conn.query(heartbeatCreateSql(this.table), signal);
    reading.notes.push(
      r.ok
        ? `heartbeat: created ${quoteTable(this.table)} (heartbeat.create is set); the row is written from the next sample`
        : `heartbeat: could not create ${quoteTable(this.table)}: ${r.reason} (needs CREATE on it)`,
    );
  }
}
