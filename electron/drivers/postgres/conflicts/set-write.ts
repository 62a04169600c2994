import { quoteIdent } from '../../../../shared/postgres/quote';
import { fail, ok, type Result } from '../../../../shared/result';
import { withoutAddress } from '../errors';
import type { NodeConnection } from '../node-connection';
import { sameTable, tableText, type KeyValues, type LocalTable } from './local-relation';

/** One row of a set write: a value to upsert, or null to delete the row holding `key`. */
export interface SetRow {
  id: string;
  key: KeyValues;
  value: Record<string, unknown> | null;
}

/** The table as the writing node's catalog names it right now (by OID), with its columns and primary key. */
export interface CatalogTable extends LocalTable {
  columns: string[];
  primaryKey: string[];
}

const CATALOG_SQL = `SELECT n.nspname AS schema, c.relname AS name,
  (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
  (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey::int2[]) WHERE i.indrelid = c.oid AND i.indisprimary) AS "primaryKey"
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::oid`;

async function catalogTable(conn: NodeConnection, oid: number, signal: AbortSignal): Promise<Result<CatalogTable | null>> {
  const r = await conn.query<{ schema: string; name: string; columns: string[] | null; primaryKey: string[] | null }>(CATALOG_SQL, signal, undefined, [String(oid)]);
  if (!r.ok) return r;
  const row = r.value[0];
  return ok(row ? { oid, schema: row.schema, name: row.name, columns: row.columns ?? [], primaryKey: row.primaryKey ?? [] } : null);
}

/** The two set statements for a table: every value as ONE jsonb array parameter, typed by the table (jsonb_populate_recordset). */
export function setStatements(t: CatalogTable, keyColumns: string[]): { upsert: string; del: string } {
  const table = tableText(t);
  const key = keyColumns.map(quoteIdent);
  const others = t.columns.filter((c) => !keyColumns.includes(c)).map(quoteIdent);
  const onConflict = others.length ? `DO UPDATE SET ${others.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'DO NOTHING';
  return {
    upsert: `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ON CONFLICT (${key.join(', ')}) ${onConflict}`,
    del: `DELETE FROM ${table} t WHERE (${key.map((k) => `t.${k}`).join(', ')}) IN (SELECT ${key.map((k) => `r.${k}`).join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) r)`,
  };
}

const keyObject = (k: KeyValues) => Object.fromEntries(k.columns.map((c, i) => [c, k.values[i]]));

/**
 * Writes `rows` of one table inside the caller's open transaction: the table is read again by OID (a rename
 * or drop since the conflict was read stops its rows), then ONE upsert of every value and ONE delete of every
 * deleted key, under a savepoint. If a set statement fails, it rolls back to the savepoint and writes row by
 * row, each under its own savepoint, so a refused value fails alone with the database's message.
 */
export async function writeRowSet(conn: NodeConnection, nodeId: string, planned: LocalTable, rows: SetRow[], signal: AbortSignal): Promise<{ results: Map<string, Result<string>>; broken: { code: string; reason: string } | null }> {
  const results = new Map<string, Result<string>>();
  const all = (r: Result<string>) => (rows.forEach((x) => results.set(x.id, r)), { results, broken: null });
  const t = await catalogTable(conn, planned.oid, signal);
  if (!t.ok) return all(t);
  if (!t.value || !sameTable(t.value, planned)) {
    const is = t.value ? `is now ${tableText(t.value)}` : 'was dropped';
    return all(fail('conflict-stale', `table ${tableText(planned)} (oid ${planned.oid}) ${is} on ${nodeId} since the conflict was read: nothing was changed for it`));
  }
  const table = t.value;
  const keyColumns = rows[0]!.key.columns;
  const unknown = [...keyColumns, ...rows.flatMap((r) => Object.keys(r.value ?? {}))].filter((c) => !table.columns.includes(c));
  if (unknown.length) return all(fail('invalid-choice', `${tableText(table)} has no column ${[...new Set(unknown)].map((u) => JSON.stringify(u)).join(', ')} on ${nodeId}`));
  const sql = setStatements(table, keyColumns);
  const q = (text: string) => conn.query(text, signal);
  const run = async (part: SetRow[]): Promise<Result<unknown>> => {
    const ups = part.filter((r) => r.value !== null).map((r) => r.value);
    const dels = part.filter((r) => r.value === null).map((r) => keyObject(r.key));
    if (ups.length) {
      const r = await conn.query(sql.upsert, signal, undefined, [JSON.stringify(ups)]);
      if (!r.ok) return r;
    }
    return dels.length ? conn.query(sql.del, signal, undefined, [JSON.stringify(dels)]) : ok(null);
  };
  const mark = await q('SAVEPOINT rd_set');
  if (!mark.ok) return { results, broken: mark };
  const whole = await run(rows);
  const how = (r: SetRow) => `${r.value === null ? 'deleted' : 'wrote'} ${tableText(table)} ${keyColumns.join(',')}=${r.key.values.join(',')} on ${nodeId}`;
  if (whole.ok) {
    const rel = await q('RELEASE SAVEPOINT rd_set');
    if (!rel.ok) return { results, broken: rel };
    for (const r of rows) results.set(r.id, ok(`${how(r)} (one set statement for ${rows.length} row(s) of the table)`));
    return { results, broken: null };
  }
  const back = await q('ROLLBACK TO SAVEPOINT rd_set');
  if (!back.ok) return { results, broken: back };
  for (const r of rows) {
    await q('SAVEPOINT rd_row');
    const one = await run([r]);
    if (one.ok) {
      await q('RELEASE SAVEPOINT rd_row');
      results.set(r.id, ok(`${how(r)} (row by row: the set statement was refused: ${whole.reason})`));
      continue;
    }
    const undo = await q('ROLLBACK TO SAVEPOINT rd_row');
    results.set(r.id, fail(one.code === 'unknown' ? 'refused' : one.code, `${nodeId} refused ${r.value === null ? 'the delete' : 'the value'} for ${keyColumns.join(',')}=${r.key.values.join(',')}, and nothing was changed for this conflict: ${withoutAddress(one.reason, nodeId)}`));
    if (!undo.ok) return { results, broken: undo };
  }
  return { results, broken: null };
}
