import { fail, ok, type Result } from '../result';
import { serverFormat } from './quote';

/**
 * One statement as it is sent: SQL text holding no data (identifiers quoted by
 * quote.ts, nothing else spliced) plus its bind parameters. A `formatted`
 * statement is a `SELECT format(…) AS stmt` whose returned text is then run:
 * the form for utility statements, which take no parameters. Pure.
 */
export interface PgStatement {
  sql: string;
  params: string[];
  formatted: boolean;
}

/** A statement without data. */
export function plain(sql: string): PgStatement {
  return { sql, params: [], formatted: false };
}

/** A statement with bind parameters `$1 …`. */
export function bound(sql: string, ...params: string[]): PgStatement {
  return { sql, params, formatted: false };
}

/** A utility statement built on the server: `template` uses format()'s `%I` and `%L`. */
export function formatted(template: string, ...params: string[]): PgStatement {
  return { ...serverFormat(template, ...params), formatted: true };
}

/** What a dry run shows: the exact text sent, then each parameter's value (as JSON, so every character is visible). */
export function describeStatement(st: PgStatement): string {
  if (st.params.length === 0) return st.sql;
  const values = st.params.map((p, i) => `$${i + 1} = ${JSON.stringify(p)}`).join(', ');
  return `${st.sql} -- ${values}${st.formatted ? '; then runs the statement it returns' : ''}`;
}

/** Sends `st` through `query`: a formatted one twice (format, then the text it returned). Returns the rows and the text run. */
export async function runStatement<R>(
  st: PgStatement,
  query: (sql: string, params: string[] | undefined) => Promise<Result<R[]>>,
): Promise<Result<{ rows: R[]; ran: string }>> {
  const first = await query(st.sql, st.params.length ? st.params : undefined);
  if (!first.ok) return first;
  if (!st.formatted) return ok({ rows: first.value, ran: st.sql });
  const text = (first.value[0] as { stmt?: unknown } | undefined)?.stmt;
  if (typeof text !== 'string' || !text) return fail('unknown', `format() returned no statement for ${st.sql}`);
  const second = await query(text, undefined);
  return second.ok ? ok({ rows: second.value, ran: text }) : second;
}
