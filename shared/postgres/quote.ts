/**
 * The one place PostgreSQL text is quoted on the client. Pure.
 *
 * - Identifiers: `quoteIdent` follows the server's quote_ident(): a name is left
 *   bare only when it is lower-case letters, digits, `_` (not first a digit) and
 *   not a keyword the grammar reserves; otherwise it is double-quoted with `"`
 *   doubled. Quoting only when needed keeps names readable in the UI
 *   (`public.items`) and matches what psql and the server print.
 * - Literals are never quoted here: they are bind parameters, or, for utility
 *   statements that take no parameters, built on the server with
 *   `format('… %L', $1)` (see `serverFormat`), so `standard_conforming_strings`
 *   cannot change their meaning.
 * - libpq conninfo values (`conninfoValue`) are always single-quoted with `\`
 *   and `'` escaped by a backslash, so a value can never add a keyword.
 * - postgresql.conf values (`configFileValue`) use the config file's own
 *   escapes: `''`, `\\`, `\n`, `\r` (PG15 reads these back exactly).
 */

/** PG15 `pg_get_keywords()` with catcode <> 'U': quote_ident quotes these. */
const QUOTED_KEYWORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast char character check ' +
    'coalesce collate collation column concurrently constraint create cross current_catalog current_date current_role current_schema ' +
    'current_time current_timestamp current_user dec decimal default deferrable desc distinct do else end except exists extract false fetch ' +
    'float for foreign freeze from full grant greatest group grouping having ilike in initially inner inout int integer intersect interval ' +
    'into is isnull join lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not notnull ' +
    'null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary real references returning ' +
    'right row select session_user setof similar smallint some substring symmetric table tablesample then time timestamp to trailing treat ' +
    'trim true union unique user using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists ' +
    'xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

/** An identifier as PostgreSQL's quote_ident() gives it. */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !QUOTED_KEYWORDS.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.table`, each part quoted: the one way a relation is named in SQL or shown. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** One libpq conninfo value: single-quoted, `\` and `'` escaped with a backslash. */
export function conninfoValue(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

const CONNINFO_KEY = /^[a-z_][a-z0-9_]*$/;

/** `key='value' …` from a record (undefined values left out); keys must be plain libpq keywords. */
export function conninfo(record: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(record)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => {
      if (!CONNINFO_KEY.test(k)) throw new Error(`"${k}" is not a libpq keyword`);
      return `${k}=${conninfoValue(String(v))}`;
    })
    .join(' ');
}

/** A value in postgresql.conf / postgresql.auto.conf, quoted with the config file's escapes. */
export function configFileValue(value: string): string {
  const escaped = value.replaceAll('\\', '\\\\').replaceAll("'", "''").replaceAll('\n', '\\n').replaceAll('\r', '\\r');
  return `'${escaped}'`;
}

/**
 * A utility statement (no bind parameters: COMMIT PREPARED, ALTER SYSTEM, ALTER SUBSCRIPTION … SKIP)
 * built on the server: run `sql` with `params`, then run the text it returns (column `stmt`).
 * `template` uses format()'s `%I` (identifier) and `%L` (literal); it must be a constant.
 */
export interface ServerFormat {
  sql: string;
  params: string[];
}

export function serverFormat(template: string, ...params: string[]): ServerFormat {
  if (/['\\]/.test(template)) throw new Error('a format() template is a constant without quotes or backslashes');
  const args = params.map((_, i) => `, $${i + 1}::text`).join('');
  return { sql: `SELECT format('${template}'${args}) AS stmt`, params };
}
