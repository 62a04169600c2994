import { qualifiedName } from '../../../../shared/postgres/quote';
import { ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';

/** A table of the subscriber, as its catalog names it (never parsed from text). */
export interface LocalTable {
  /** pg_class.oid on the subscriber. */
  oid: number;
  schema: string;
  name: string;
}

/** The key of a row: column names from the catalog, values in text form from the decoded row. */
export interface KeyValues {
  columns: string[];
  values: string[];
}

/** `schema.table` as SQL and the inbox show it (quote_ident rules: `public."items"" x"`). */
export function tableText(t: Pick<LocalTable, 'schema' | 'name'>): string {
  return qualifiedName(t.schema, t.name);
}

export function sameTable(a: Pick<LocalTable, 'schema' | 'name'> | null, b: Pick<LocalTable, 'schema' | 'name'> | null): boolean {
  return !!a && !!b && a.schema === b.schema && a.name === b.name;
}

/**
 * The subscriber's table a remote change lands in: the apply worker maps the
 * publisher's relation (namespace and name from the pgoutput Relation message)
 * to the local one by those exact names. Matched here the same way, as bind
 * parameters, among the subscription's own relations (pg_subscription_rel).
 */
export async function subscribedTable(
  conn: NodeConnection,
  subscriptionOid: number,
  remote: { namespace: string; name: string },
  signal: AbortSignal,
): Promise<Result<LocalTable | null>> {
  const r = await conn.query<{ oid: string; schema: string; name: string }>(
    `SELECT c.oid::bigint::text AS oid, n.nspname AS schema, c.relname AS name
     FROM pg_subscription_rel sr JOIN pg_class c ON c.oid = sr.srrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE sr.srsubid = $1::oid AND n.nspname = $2 AND c.relname = $3`,
    signal,
    undefined,
    [String(subscriptionOid), remote.namespace, remote.name],
  );
  if (!r.ok) return r;
  const row = r.value[0];
  return ok(row ? { oid: Number(row.oid), schema: row.schema, name: row.name } : null);
}

/** The table's unique keys by OID, primary key first, each as its column names in index order (pg_index, pg_attribute). */
export async function uniqueKeys(conn: NodeConnection, table: LocalTable, signal: AbortSignal): Promise<Result<string[][]>> {
  const r = await conn.query<{ columns: string[] }>(
    `SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) AS columns
     FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey::int2[])
     WHERE i.indrelid = $1::oid AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
     GROUP BY i.indexrelid, i.indisprimary ORDER BY i.indisprimary DESC, i.indexrelid`,
    signal,
    undefined,
    [String(table.oid)],
  );
  return r.ok ? ok(r.value.map((x) => x.columns)) : r;
}

/** The table's names now, by OID (null when it was dropped): a plan made before a rename must not write elsewhere. */
export async function tableByOid(conn: NodeConnection, oid: number, signal: AbortSignal): Promise<Result<LocalTable | null>> {
  const r = await conn.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::oid`,
    signal,
    undefined,
    [String(oid)],
  );
  if (!r.ok) return r;
  const row = r.value[0];
  return ok(row ? { oid, schema: row.schema, name: row.name } : null);
}
