import fc from 'fast-check';

/**
 * Hostile names for SQL and conninfo builders: quotes of both kinds, dots,
 * backslashes, spaces, line breaks, `%` and `$` (format() and bind markers),
 * SQL and conninfo punctuation, Unicode. Short enough for NAMEDATALEN (63 bytes).
 */
const PIECES = ["'", '"', '\\', '.', ' ', '\n', '\t', '%', '%I', '$1', ';', '--', '=', "E'", "\\'", '""', 'é', 'ß', '😀', 'Ω', 'a', 'X', '_', '0'];
const ASCII_PIECES = PIECES.filter((p) => /^[\x20-\x7e]+$/.test(p));

function named(pieces: readonly string[], maxPieces: number): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: maxPieces })
    .map((a) => a.join(''))
    .filter((s) => new TextEncoder().encode(s).length <= 60);
}

/** Any hostile name (identifiers, gids, conninfo values). */
export const hostileName = named(PIECES, 10);

/** Printable ASCII only: what survives application_name on the primary unchanged (PG cleans the rest to '?'). */
export const hostileAsciiName = named(ASCII_PIECES, 10).filter((s) => s.trim() === s && s.length > 0);

/** fast-check settings for suites against real servers: fixed seed, few runs. */
export function fixedRuns(numRuns: number): fc.Parameters<unknown> {
  return { seed: 20261207, numRuns, endOnFailure: true };
}

/**
 * What a log-text parser took for `schema.table` before names came from the catalog:
 * `"([^"]+)"` over `relation "schema.table"`, split at the first dot. The decoy table.
 */
export function naiveTableOf(schema: string, table: string): { schema: string; name: string } | null {
  const quoted = /"([^"]+)"/.exec(`relation "${schema}.${table}"`)?.[1] ?? '';
  const dot = quoted.indexOf('.');
  if (dot < 0) return null;
  const naive = { schema: quoted.slice(0, dot), name: quoted.slice(dot + 1) };
  return naive.name && (naive.schema !== schema || naive.name !== table) ? naive : null;
}
