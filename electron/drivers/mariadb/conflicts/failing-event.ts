import { fail, ok, type Result } from '../../../../shared/result';
import { parseGtidList, type Gtid } from '../gtid';

/** A row of SHOW BINLOG EVENTS (the columns we use). */
export interface BinlogEventRow {
  pos: number;
  endLogPos: number;
  type: string;
  info: string;
}

export type RowOp = 'insert' | 'update' | 'delete';

/** One row event of the failing transaction: its operation and the table its Table_map names. */
export interface RowChange {
  op: RowOp;
  tableId: number;
  /** Table_map's `schema.name` as the server prints it; resolved against the catalog before use (table-keys.ts). */
  mapped: string;
  endLogPos: number;
}

/** The event group the SQL thread stopped on, read from the source's binlog at Exec_Master_Log_Pos. */
export interface FailingGroup {
  gtid: Gtid;
  changes: RowChange[];
  /** The row event that failed (its End_log_pos is the one the server reports), else the only one. */
  failed: RowChange | null;
}

export function eventRowOf(r: Record<string, unknown>): BinlogEventRow {
  return { pos: Number(r.Pos), endLogPos: Number(r.End_log_pos), type: String(r.Event_type ?? ''), info: String(r.Info ?? '') };
}

const GTID_INFO = /^(?:BEGIN )?GTID (\d+-\d+-\d+)(?:\s|$)/;
const TABLE_MAP_INFO = /^table_id: (\d+) \((.+)\)$/s;
const ROWS_INFO = /^table_id: (\d+)(?:\s|$)/;
const ROWS_TYPE = /^(Write|Update|Delete)_rows/;
const OPS: Record<string, RowOp> = { Write: 'insert', Update: 'update', Delete: 'delete' };

/**
 * Reads the group that starts at the first row (a Gtid event): its GTID, every
 * row event with the table its Table_map maps, up to the group's end (Xid,
 * COMMIT, or the next Gtid). `failedEndPos` picks the failing row event. Pure.
 */
export function parseFailingGroup(rows: readonly BinlogEventRow[], failedEndPos: number | null): Result<FailingGroup> {
  const first = rows[0];
  if (!first) return fail('details-unknown', 'the source binlog has no event at the stop position (purged, or another file)');
  const g = first.type === 'Gtid' ? GTID_INFO.exec(first.info) : null;
  if (!g) return fail('details-unknown', `the event at the stop position is ${first.type}, not the Gtid event that starts a transaction`);
  const gtid = parseGtidList(g[1]!);
  if (!gtid.ok || gtid.value.length !== 1) return fail('details-unknown', `cannot read the GTID of "${first.info}"`);
  const maps = new Map<number, string>();
  const changes: RowChange[] = [];
  for (const e of rows.slice(1)) {
    if (e.type === 'Gtid' || e.type === 'Xid' || (e.type === 'Query' && /^COMMIT/i.test(e.info))) break;
    const tm = e.type === 'Table_map' ? TABLE_MAP_INFO.exec(e.info) : null;
    if (tm) {
      maps.set(Number(tm[1]), tm[2]!);
      continue;
    }
    const rt = ROWS_TYPE.exec(e.type);
    const ri = rt ? ROWS_INFO.exec(e.info) : null;
    if (!rt || !ri) continue;
    const tableId = Number(ri[1]);
    const mapped = maps.get(tableId);
    if (mapped !== undefined) changes.push({ op: OPS[rt[1]!]!, tableId, mapped, endLogPos: e.endLogPos });
  }
  const failed = changes.find((c) => c.endLogPos === failedEndPos) ?? (changes.length === 1 ? changes[0]! : null);
  return ok({ gtid: gtid.value[0]!, changes, failed });
}

/**
 * The end position of the failing event, as Last_SQL_Error reports it ("end_log_pos 1222"): a number only,
 * used to pick which row event of the group failed; never a name.
 */
export function failedEndPos(lastSqlError: string): number | null {
  const m = /end_log_pos (\d+)/.exec(lastSqlError);
  return m ? Number(m[1]) : null;
}
