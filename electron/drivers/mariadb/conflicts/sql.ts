import { quoteName } from '../sql-names';

/**
 * Where the conflict statements take their identifiers (quoted by ../sql-names.ts),
 * and the statement form they travel in: SQL text holding no data (names
 * quoted here, nothing else spliced) plus `?` values that mysql2 escapes.
 */

/** A name as a backquoted identifier, through the driver's one quoting module (sql-names.ts). */
export const quoteIdent = quoteName;

/** A table by its catalog names. */
export interface TableName {
  schema: string;
  name: string;
}

export function tableRef(t: TableName): string {
  return `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
}

/** `schema.name` as shown in the inbox (unquoted, as the catalog spells it). */
export function tableText(t: TableName): string {
  return `${t.schema}.${t.name}`;
}

export interface MdbStatement {
  sql: string;
  values: unknown[];
}

export const stmt = (sql: string, ...values: unknown[]): MdbStatement => ({ sql, values });

/** What a dry run shows: the text sent, then each `?` value as JSON (so every character is visible). */
export function describeStatement(s: MdbStatement): string {
  if (s.values.length === 0) return s.sql;
  return `${s.sql} -- ${s.values.map((v, i) => `?${i + 1} = ${JSON.stringify(v)}`).join(', ')}`;
}
