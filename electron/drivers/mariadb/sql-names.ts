import mysql from 'mysql2';

/**
 * The one place MariaDB identifiers become SQL text: each part backtick-quoted by mysql2's escapeId
 * (a backtick inside a name is doubled), so a name is never spliced raw. Values always go as `?` parameters.
 */
export function quoteName(name: string): string {
  return mysql.escapeId(name, true);
}

/** A `database.table` name, split at its one dot. */
export interface TableName {
  database: string;
  table: string;
}

export function tableNameOf(dotted: string): TableName {
  const i = dotted.indexOf('.');
  return { database: dotted.slice(0, i), table: dotted.slice(i + 1) };
}

/** `` `db`.`table` `` */
export function quoteTable(t: TableName): string {
  return `${quoteName(t.database)}.${quoteName(t.table)}`;
}
