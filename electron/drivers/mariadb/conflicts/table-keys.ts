import { fail, ok, type Result } from '../../../../shared/result';
import type { ServerConnection } from '../server-connection';
import { tableText, type TableName } from './sql';

type Row = Record<string, unknown>;

/** Every way to split Table_map's `schema.name` at a dot (a name may hold dots itself). Pure. */
export function tableCandidates(mapped: string): TableName[] {
  const out: TableName[] = [];
  for (let i = mapped.indexOf('.'); i > 0; i = mapped.indexOf('.', i + 1)) {
    if (i < mapped.length - 1) out.push({ schema: mapped.slice(0, i), name: mapped.slice(i + 1) });
  }
  return out;
}

/**
 * The table a Table_map event names, as the replica's catalog has it: the one
 * split of `schema.name` that exists in information_schema.TABLES (names bound
 * as values). None or several: not guessed.
 */
export async function resolveTable(conn: ServerConnection, mapped: string, signal: AbortSignal): Promise<Result<TableName>> {
  const cands = tableCandidates(mapped);
  if (cands.length === 0) return fail('details-unknown', `the Table_map event names "${mapped}", not schema.table`);
  const where = cands.map(() => '(TABLE_SCHEMA = ? AND TABLE_NAME = ?)').join(' OR ');
  const r = await conn.query(`SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n FROM information_schema.TABLES WHERE ${where}`, signal, cands.flatMap((c) => [c.schema, c.name]));
  if (!r.ok) return r;
  const found = (r.value as Row[]).map((x) => ({ schema: String(x.s), name: String(x.n) }));
  if (found.length === 1) return ok(found[0]!);
  if (found.length === 0) {
    return fail('table-unseen', `table ${mapped} of the failing event is not in this server's information_schema.TABLES: it was dropped, or this login has no privilege on it (GRANT SELECT on it)`);
  }
  return fail('details-unknown', `the failing event's table "${mapped}" matches ${found.map(tableText).join(' and ')}: not guessed`);
}

/** A unique key of a table: its name and columns in key order. */
export interface UniqueKey {
  name: string;
  columns: string[];
}

/**
 * The table's unique keys from information_schema.STATISTICS, PRIMARY first,
 * keys over nullable columns left out (they do not identify one row).
 */
export async function uniqueKeys(conn: ServerConnection, t: TableName, signal: AbortSignal): Promise<Result<UniqueKey[]>> {
  const r = await conn.query(
    `SELECT s.INDEX_NAME AS k, s.COLUMN_NAME AS c, c.IS_NULLABLE AS nullable FROM information_schema.STATISTICS s
     JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
     WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0 ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME, s.SEQ_IN_INDEX`,
    signal,
    [t.schema, t.name],
  );
  if (!r.ok) return r;
  const keys = new Map<string, { columns: string[]; nullable: boolean }>();
  for (const x of r.value as Row[]) {
    const k = keys.get(String(x.k)) ?? { columns: [], nullable: false };
    k.columns.push(String(x.c));
    k.nullable ||= String(x.nullable) === 'YES';
    keys.set(String(x.k), k);
  }
  return ok([...keys].filter(([, k]) => !k.nullable).map(([name, k]) => ({ name, columns: k.columns })));
}
