import { fail, ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';
import { completeLines, parseApplyError, type ApplyError } from './jsonlog';

/** Bytes read per round-trip, and at most per call (a huge backlog is read over several samples). */
const CHUNK = 256 * 1024;
const MAX_PER_CALL = 4 * 1024 * 1024;
/** Apply errors kept: a worker retrying without disable_on_error logs one every wal_retrieve_retry_interval, forever. */
const MAX_ERRORS = 1_000;

/** The grants a non-superuser needs to read the jsonlog (relative paths inside the data directory). */
export const LOG_GRANTS = [
  'GRANT EXECUTE ON FUNCTION pg_current_logfile(text) TO <role>;',
  'GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO <role>;',
];

const PROBE_SQL = `SELECT has_function_privilege('pg_current_logfile(text)', 'EXECUTE')
         AND has_function_privilege('pg_read_file(text, bigint, bigint)', 'EXECUTE') AS can,
       current_setting('log_destination') AS dest, current_setting('logging_collector') AS collector, current_user AS who`;

/**
 * Reads one node's jsonlog incrementally: `pg_current_logfile('jsonlog')`
 * for the file, `pg_read_file(file, offset, len)` from where the last
 * read stopped (offsets are bytes, and always at a line start). A rotated file is read from its start. Keeps the
 * last MAX_ERRORS apply errors seen (only the newest of each subscription is used).
 */
export class LogTail {
  private file: string | null = null;
  private offset = 0;
  readonly errors: ApplyError[] = [];

  constructor(private readonly conn: NodeConnection) {}

  /** Reads what was appended since the last call; fails with the missing grant or setting. */
  async poll(signal: AbortSignal): Promise<Result<{ queries: number }>> {
    const probe = await this.conn.query<{ can: boolean; dest: string; collector: string; who: string }>(PROBE_SQL, signal);
    if (!probe.ok) return probe;
    const p = probe.value[0]!;
    if (!p.can) return fail('missing-grant', `${p.who} cannot read the server log: ${LOG_GRANTS.map((g) => g.replace('<role>', p.who)).join(' ')}`);
    if (!p.dest.split(',').map((s) => s.trim()).includes('jsonlog') || p.collector !== 'on') {
      return fail('no-jsonlog', `the server does not write a jsonlog (log_destination = '${p.dest}', logging_collector = ${p.collector}): set log_destination to include 'jsonlog' and logging_collector = on`);
    }
    const cur = await this.conn.query<{ f: string | null }>(`SELECT pg_current_logfile('jsonlog') AS f`, signal);
    if (!cur.ok) return cur;
    const file = cur.value[0]?.f ?? null;
    if (!file) return fail('no-jsonlog', 'pg_current_logfile(\'jsonlog\') is null: the collector has not opened a jsonlog file yet');
    if (file !== this.file) {
      this.file = file;
      this.offset = 0;
    }
    let queries = 2;
    for (let read = 0; read < MAX_PER_CALL; ) {
      const r = await this.readChunk(file, signal);
      queries += r.queries;
      if (!r.chunk.ok) return r.chunk;
      const chunk = r.chunk.value;
      const { lines, consumed } = completeLines(chunk);
      for (const line of lines) {
        const e = parseApplyError(line);
        if (e) this.errors.push(e);
      }
      if (this.errors.length > MAX_ERRORS) this.errors.splice(0, this.errors.length - MAX_ERRORS);
      this.offset += consumed;
      read += chunk.length;
      if (chunk.length < CHUNK - 3 || consumed === 0) break;
    }
    return ok({ queries });
  }

  /**
   * pg_read_file returns text and refuses a read that ends inside a multi-byte
   * character (SQLSTATE 22021): such a read is retried up to 3 bytes shorter.
   */
  private async readChunk(file: string, signal: AbortSignal): Promise<{ chunk: Result<Uint8Array>; queries: number }> {
    let last: Result<Uint8Array> = ok(new Uint8Array());
    for (let cut = 0; cut <= 3; cut += 1) {
      const r = await this.conn.query<{ text: string | null }>(`SELECT pg_read_file($1, $2, $3) AS text`, signal, undefined, [file, this.offset, CHUNK - cut]);
      if (r.ok) return { chunk: ok(new TextEncoder().encode(r.value[0]?.text ?? '')), queries: cut + 1 };
      last = r;
      if (!/invalid byte sequence/i.test(r.reason)) break;
    }
    return { chunk: last, queries: 4 };
  }
}
