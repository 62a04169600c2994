import type { Result } from '../../../../shared/result';
import { str, type Row } from './session';

/**
 * The accounts holding READ_ONLY ADMIN (they write under read_only = 1), from
 * MDB_SQL.readOnlyAdmins; null when the login sees only its own grants (no
 * SELECT on the mysql schema), so others cannot be known.
 */
export function readOnlyAdminsOf(r: Result<Row[]>): string[] | null {
  if (!r.ok) return null;
  const row = r.value[0];
  if (!row || Number(row.grantees) <= 1) return null;
  return str(row.holders).split('\n').filter((g) => g !== '');
}
