import { quoteIdent } from '../../../../shared/postgres/quote';
import { fail, ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';
import { completeLines } from '../conflicts/jsonlog';
import { parseConflictLine, type PglConflictLine } from './conflict-log';

const CHUNK = 256 * 1024;
const MAX_PER_CALL = 4 * 1024 * 1024;

/** Server message levels in log_min_messages order (LOG ranks above ERROR there). */
const RANK = ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'info', 'notice', 'warning', 'error', 'log', 'fatal', 'panic'];

const PROBE_SQL = `SELECT has_function_privilege('pg_current_logfile(text)', 'EXECUTE')
         AND has_function_privilege('pg_read_file(text, bigint, bigint)', 'EXECUTE') AS can,
       current_setting('log_destination') AS dest, current_setting('logging_collector') AS collector,
       current_setting('log_min_messages') AS min, current_setting('pglogical.conflict_log_level', true) AS level,
       current_user AS who`;

/**
 * Why conflicts cannot be read from this node's log, with the exact grant or
 * setting that would show them; null when they can. Pure.
 */
export function logProblem(p: { can: boolean; dest: string; collector: string; min: string; level: string | null; who: string }): { code: string; text: string } | null {
  const who = quoteIdent(p.who);
  if (!p.can) {
    return {
      code: 'missing-grant',
      text: `${p.who} cannot read the server log, so pglogical's resolved conflicts are not shown: GRANT EXECUTE ON FUNCTION pg_current_logfile(text) TO ${who}; GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO ${who};`,
    };
  }
  if (!p.dest.split(',').map((s) => s.trim()).includes('jsonlog') || p.collector !== 'on') {
    return { code: 'no-jsonlog', text: `the server writes no jsonlog (log_destination = '${p.dest}', logging_collector = ${p.collector}): set log_destination to include 'jsonlog' and logging_collector = on (a restart) to see pglogical's conflicts` };
  }
  const level = (p.level ?? 'log').toLowerCase();
  const min = p.min.toLowerCase();
  if (RANK.indexOf(level) >= 0 && RANK.indexOf(min) >= 0 && RANK.indexOf(level) < RANK.indexOf(min)) {
    return { code: 'level-hidden', text: `pglogical.conflict_log_level = ${level} is below log_min_messages = ${min}: conflicts are not logged; ALTER SYSTEM SET pglogical.conflict_log_level = 'log'; SELECT pg_reload_conf();` };
  }
  return null;
}

/** Reads one node's jsonlog incrementally (as the native conflicts' LogTail does) and keeps pglogical conflict lines. */
export class PglLogReader {
  private file: string | null = null;
  private offset = 0;

  /** The current file is read from its start: conflicts logged before ReplicaDesk started are shown too. */
  constructor(private readonly conn: NodeConnection) {}

  /** New conflict lines since the last call; fails with the missing grant or setting. */
  async poll(signal: AbortSignal): Promise<Result<PglConflictLine[]>> {
    const probe = await this.conn.query<{ can: boolean; dest: string; collector: string; min: string; level: string | null; who: string }>(PROBE_SQL, signal);
    if (!probe.ok) return probe;
    const problem = logProblem(probe.value[0]!);
    if (problem) return fail(problem.code, problem.text);
    const cur = await this.conn.query<{ f: string | null }>(`SELECT pg_current_logfile('jsonlog') AS f`, signal);
    if (!cur.ok) return cur;
    const file = cur.value[0]?.f ?? null;
    if (!file) return fail('no-jsonlog', "pg_current_logfile('jsonlog') is null: the collector has not opened a jsonlog file yet");
    if (file !== this.file) {
      this.file = file;
      this.offset = 0;
    }
    const out: PglConflictLine[] = [];
    for (let read = 0; read < MAX_PER_CALL; ) {
      const r = await this.readChunk(file, signal);
      if (!r.ok) return r;
      const chunk = r.value;
      const { lines, consumed } = completeLines(chunk);
      for (const line of lines) {
        const c = parseConflictLine(line);
        if (c) out.push(c);
      }
      this.offset += consumed;
      read += chunk.length;
      if (chunk.length < CHUNK - 3 || consumed === 0) break;
    }
    return ok(out);
  }

  /** pg_read_file refuses a read ending inside a multi-byte character: retried up to 3 bytes shorter. */
  private async readChunk(file: string, signal: AbortSignal): Promise<Result<Uint8Array>> {
    let last: Result<Uint8Array> = ok(new Uint8Array());
    for (let cut = 0; cut <= 3; cut += 1) {
      const r = await this.conn.query<{ text: string | null }>(`SELECT pg_read_file($1, $2, $3) AS text`, signal, undefined, [file, this.offset, CHUNK - cut]);
      if (r.ok) return ok(new TextEncoder().encode(r.value[0]?.text ?? ''));
      last = r;
      if (!/invalid byte sequence/i.test(r.reason)) break;
    }
    return last;
  }
}
