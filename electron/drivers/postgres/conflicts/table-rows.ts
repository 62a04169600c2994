import { ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';
import { quoteIdent } from '../../../../shared/postgres/quote';
import { tableText, type KeyValues, type LocalTable } from './local-relation';
import type { TextRow } from './remote-transaction';

/** A table named by its catalog names (the same names on every node of a logical pair). */
type TableName = Pick<LocalTable, 'schema' | 'name'>;

/** A row as `to_jsonb` gives it, with the commit time of the transaction that wrote it (when tracked). */
export interface LocalRow {
  value: Record<string, unknown> | null;
  committedAt: number | null;
}

/** `WHERE a = $1 AND b = $2`: the key's text values are typed by the columns. */
export function keyWhere(key: KeyValues): string {
  return key.columns.map((c, i) => `t.${quoteIdent(c)} = $${i + 1}`).join(' AND ');
}

/** Reads the row holding `key` in `table` (null when there is none). */
export async function readRow(conn: NodeConnection, table: TableName, key: KeyValues, signal: AbortSignal): Promise<Result<LocalRow>> {
  const sql = `SELECT to_jsonb(t) AS value,
    CASE WHEN current_setting('track_commit_timestamp') = 'on' THEN extract(epoch FROM pg_xact_commit_timestamp(t.xmin)) * 1000 END AS "committedAt"
    FROM ${tableText(table)} t WHERE ${keyWhere(key)}`;
  const r = await connQuery<{ value: Record<string, unknown>; committedAt: number | null }>(conn, sql, key.values, signal);
  if (!r.ok) return r;
  const row = r.value[0];
  return ok({ value: row?.value ?? null, committedAt: row?.committedAt === null || row?.committedAt === undefined ? null : Number(row.committedAt) });
}

/** The publisher's text row typed by the subscriber's table (`jsonb_populate_record`), as `to_jsonb` would show it. */
export async function typeRow(conn: NodeConnection, table: TableName, row: TextRow, signal: AbortSignal): Promise<Result<Record<string, unknown>>> {
  const r = await connQuery<{ value: Record<string, unknown> }>(conn, `SELECT to_jsonb(jsonb_populate_record(NULL::${tableText(table)}, $1::jsonb)) AS value`, [JSON.stringify(row)], signal);
  if (!r.ok) return r;
  return ok(r.value[0]!.value);
}

/** The key of `row` (text form) for the given columns; null when a column is missing. */
export function keyOfRow(row: TextRow, columns: readonly string[]): KeyValues | null {
  if (columns.length === 0 || columns.some((c) => row[c] === undefined || row[c] === null)) return null;
  return { columns: [...columns], values: columns.map((c) => row[c]!) };
}

/** `key` as shown in the inbox: `id=1`, `a=1, b=x`. */
export function formatKey(key: KeyValues): string {
  return key.columns.map((c, i) => `${quoteIdent(c)}=${key.values[i]}`).join(', ');
}

/** NodeConnection.query with parameters (pg sends them untyped, so the server types them by context). */
function connQuery<R extends Record<string, unknown>>(conn: NodeConnection, sql: string, params: unknown[], signal: AbortSignal): Promise<Result<R[]>> {
  return conn.query<R>(sql, signal, undefined, params);
}

/** A publication on the node that sends the table's deletes, with its `publish` list as it is. */
export interface LocalPublication {
  name: string;
  publish: string[];
}

/**
 * Publications on this node that publish deletes of `table`. Deleting a row
 * here to take the remote one would otherwise reach the peer, whose apply
 * worker finds rows by primary key even under REPLICA IDENTITY FULL (PG15),
 * and would delete the peer's row: the very row being taken.
 */
export async function deletePublications(conn: NodeConnection, table: TableName, signal: AbortSignal): Promise<Result<LocalPublication[]>> {
  const r = await connQuery<{ name: string; ins: boolean; upd: boolean; del: boolean; tru: boolean }>(
    conn,
    `SELECT p.pubname AS name, p.pubinsert AS ins, p.pubupdate AS upd, p.pubdelete AS del, p.pubtruncate AS tru FROM pg_publication p
     WHERE p.pubdelete AND (p.puballtables OR EXISTS (
       SELECT 1 FROM pg_publication_tables t WHERE t.pubname = p.pubname AND t.schemaname = $1 AND t.tablename = $2))
     ORDER BY p.pubname`,
    [table.schema, table.name],
    signal,
  );
  if (!r.ok) return r;
  return ok(r.value.map((p) => ({ name: p.name, publish: [p.ins && 'insert', p.upd && 'update', p.del && 'delete', p.tru && 'truncate'].filter((x): x is string => !!x) })));
}
