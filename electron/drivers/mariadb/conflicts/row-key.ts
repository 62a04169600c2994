import { fail, ok, type Result } from '../../../../shared/result';
import type { ServerConnection } from '../server-connection';
import { quoteIdent, tableRef, type TableName } from './sql';
import type { UniqueKey } from './table-keys';

/** A key: its columns (from the catalog) and their values, in order. */
export interface KeyValues {
  columns: string[];
  values: unknown[];
}

/** A row as mysql2 returns it (big numbers and dates as text), column → value. */
export type RowValue = Record<string, unknown>;

/** `id=1`, `a=1, b=x`: the key as shown in the inbox. */
export function formatKey(k: KeyValues): string {
  return k.columns.map((c, i) => `${c}=${String(k.values[i])}`).join(', ');
}

/** `a = ? AND b = ?` with the key's values bound. */
export function keyWhere(k: KeyValues): { sql: string; values: unknown[] } {
  return { sql: k.columns.map((c) => `${quoteIdent(c)} = ?`).join(' AND '), values: [...k.values] };
}

/** The row holding `key` in `t` (null when there is none); the key's values are bound. */
export async function readRow(conn: ServerConnection, t: TableName, key: KeyValues, signal: AbortSignal): Promise<Result<RowValue | null>> {
  const w = keyWhere(key);
  const r = await conn.query(`SELECT * FROM ${tableRef(t)} WHERE ${w.sql}`, signal, w.values);
  if (!r.ok) return r;
  const rows = r.value as RowValue[];
  return ok(rows[0] ? { ...rows[0] } : null);
}

/**
 * The entry a 1062 error reports (`Duplicate entry '…' for key`): MariaDB 10.11 reports the duplicate value
 * nowhere else outside the binary row event. A value only, never a name; null when truncated (…) or absent. Pure.
 */
export function duplicateEntry(lastSqlError: string): string | null {
  const m = /Duplicate entry '(.*)' for key '/s.exec(lastSqlError);
  if (!m) return null;
  const v = m[1]!;
  return v.length >= 189 && v.endsWith('...') ? null : v;
}

/**
 * Which key holds the duplicate `entry`: the first single-column unique key (PRIMARY first) under which the
 * local server has a row with that value (read with the value bound). Multi-column keys print their values
 * joined by '-' (ambiguous): not guessed.
 */
export async function keyOfDuplicate(conn: ServerConnection, t: TableName, keys: readonly UniqueKey[], entry: string, signal: AbortSignal): Promise<Result<{ key: KeyValues; row: RowValue }>> {
  const single = keys.filter((k) => k.columns.length === 1);
  for (const k of single) {
    const key = { columns: k.columns, values: [entry] };
    const row = await readRow(conn, t, key, signal);
    if (!row.ok) return row;
    // The row's own value, typed by the server (1, not '1'), is the key from now on.
    if (row.value) return ok({ key: { columns: k.columns, values: [row.value[k.columns[0]!]] }, row: row.value });
  }
  const multi = keys.length > single.length ? ' (its other unique keys span several columns, whose values the error joins with "-")' : '';
  return fail('details-unknown', `no single-column unique key of the table holds the duplicate entry locally${multi}`);
}
