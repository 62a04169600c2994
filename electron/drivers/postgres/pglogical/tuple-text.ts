/**
 * pglogical prints a tuple as `col[type]:value col[type]:value …`, values
 * unquoted, NULL as `(null)`. Split here by the table's columns from the
 * catalog (in attnum order, as pglogical prints them): each value ends where
 * the next column's ` name[type]:` begins. A value that itself contains the
 * next separator makes the split ambiguous: the result then says so (`exact`
 * false) and is shown but not offered for restoring. Pure.
 */

export interface CatalogColumn {
  name: string;
  /** pg_type.typname, as pglogical prints it (int4, text). */
  type: string;
}

export interface TupleValues {
  /** Column name → text value (null for `(null)`); columns missing from the text are absent. */
  values: Record<string, string | null>;
  exact: boolean;
}

export function splitTuple(text: string, columns: readonly CatalogColumn[]): TupleValues | null {
  const values: Record<string, string | null> = {};
  let exact = true;
  const first = columns[0];
  if (!first) return null;
  const sep = (c: CatalogColumn) => `${c.name}[${c.type}]:`;
  if (!text.startsWith(sep(first))) return null;
  let pos = sep(first).length;
  for (let i = 0; i < columns.length; i += 1) {
    const next = columns[i + 1];
    let end = text.length;
    if (next) {
      const marker = ` ${sep(next)}`;
      end = text.indexOf(marker, pos);
      if (end < 0) return null;
      if (text.indexOf(marker, end + 1) >= 0) exact = false;
    }
    const raw = text.slice(pos, end);
    values[columns[i]!.name] = raw === '(null)' ? null : raw;
    if (next) pos = end + 1 + sep(next).length;
  }
  return { values, exact };
}
