/**
 * pglogical 2.4 conflict lines from the jsonlog, as measured on 2.4.2
 * (test/fixtures/pglogical/*.jsonl). A resolved conflict is a LOG (at
 * pglogical.conflict_log_level) with SQLSTATE 23000:
 *   message "CONFLICT: remote UPDATE on relation public.items (local index items_pkey). Resolution: apply_remote."
 *   detail  "existing local tuple {…} xid=740,origin=0,timestamp=…; remote tuple {…} in xact origin=1,timestamp=…,commit_lsn=0/15E71B8"
 * A row not found (update/delete, delete/delete) has "replica identity index … (tuple not found). Resolution: skip."
 * and only the remote tuple. The `error` resolution logs an ERROR "cannot apply conflicting row"
 * without detail; its context names the operation, commit LSN, commit time and replication origin.
 *
 * The relation's name is kept as text to compare with names computed from the
 * catalog (catalog.ts); it is never used in SQL. Tuples stay text here: they are
 * split by the catalog's column list (tuple-text.ts). Pure.
 */

export type PglOp = 'INSERT' | 'UPDATE' | 'DELETE';

export interface PglTupleSide {
  /** The tuple's text between the braces, e.g. `id[int4]:1 owner[text]:seed`. */
  text: string;
  /** Replication origin id on the logging node (0: written on that node itself). */
  origin: number;
  /** Commit time as the server printed it, and as epoch ms. */
  committedText: string;
  committedAt: number;
}

export interface PglConflictLine {
  /** Epoch ms of the log line. */
  at: number;
  severity: 'LOG' | 'ERROR' | string;
  op: PglOp | null;
  /** What the message says after "on relation " (for comparison with catalog names only). */
  relationText: string;
  /** True for "(tuple not found)": the row was deleted on the logging node. */
  notFound: boolean;
  /** The engine's outcome as logged: apply_remote, keep_local, skip; null for an ERROR. */
  outcome: string | null;
  local: PglTupleSide | null;
  remote: PglTupleSide | null;
  commitLsn: string | null;
  /** pglogical subscription id, from application_name `pglogical apply <db>:<sub id>`. */
  subscriptionId: number | null;
  message: string;
}

const TS = String.raw`(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?[+-]\d\d(?::\d\d)?)`;
const MESSAGE = /^CONFLICT: remote (INSERT|UPDATE|DELETE) on relation (.*) Resolution: (\w+)\.$/s;
const REMOTE_TAIL = new RegExp(String.raw`\} in xact origin=(\d+),timestamp=${TS},commit_lsn=([0-9A-F]+/[0-9A-F]+)$`);
const LOCAL_TAIL = new RegExp(String.raw`\} xid=\d+,origin=(\d+),timestamp=${TS}; remote tuple \{`);
const CONTEXT = new RegExp(String.raw`^apply (INSERT|UPDATE|DELETE|\(unknown action\)) from remote relation (.*) in commit before ([0-9A-F]+/[0-9A-F]+), xid \d+ committed at ${TS} \(action #\d+\) from node replorigin (\d+)$`, 's');

/** "2026-12-07 14:07:08.316195+00" → epoch ms (microseconds dropped). */
export function pgTime(text: string): number {
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

function logTime(ts: unknown): number {
  return typeof ts === 'string' ? pgTime(ts.replace(/ (UTC|GMT)$/, '+00')) : 0;
}

function subscriptionIdOf(app: unknown): number | null {
  const m = typeof app === 'string' ? /^pglogical apply \d+:(\d+)$/.exec(app) : null;
  return m ? Number(m[1]) : null;
}

/** Splits the detail into the local and remote tuples (either may be absent). */
function sides(detail: string): { local: PglTupleSide | null; remote: PglTupleSide | null; lsn: string | null } {
  const tail = REMOTE_TAIL.exec(detail);
  if (!tail) return { local: null, remote: null, lsn: null };
  const head = detail.slice(0, tail.index);
  const remoteSide = (text: string): PglTupleSide => ({ text, origin: Number(tail[1]), committedText: tail[2]!, committedAt: pgTime(tail[2]!) });
  if (head.startsWith('remote tuple {')) return { local: null, remote: remoteSide(head.slice('remote tuple {'.length)), lsn: tail[3]! };
  if (!head.startsWith('existing local tuple {')) return { local: null, remote: null, lsn: null };
  const mid = LOCAL_TAIL.exec(head);
  if (!mid) return { local: null, remote: null, lsn: null };
  const local: PglTupleSide = { text: head.slice('existing local tuple {'.length, mid.index), origin: Number(mid[1]), committedText: mid[2]!, committedAt: pgTime(mid[2]!) };
  return { local, remote: remoteSide(head.slice(mid.index + mid[0].length)), lsn: tail[3]! };
}

/** One jsonlog line → a pglogical conflict (resolved or stopping the worker), or null for anything else. */
export function parseConflictLine(line: string): PglConflictLine | null {
  if (!line.includes('CONFLICT') && !line.includes('cannot apply conflicting row')) return null;
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const message = typeof e.message === 'string' ? e.message : '';
  const base = { at: logTime(e.timestamp), severity: String(e.error_severity ?? ''), subscriptionId: subscriptionIdOf(e.application_name), message };
  const m = MESSAGE.exec(message);
  if (m) {
    const s = sides(typeof e.detail === 'string' ? e.detail : '');
    const rest = m[2]!;
    const notFound = / \(tuple not found\)\.$/.test(rest);
    const relationText = rest.replace(/ (\(local index .*\)|replica identity index .* \(tuple not found\))\.$/s, '');
    return { ...base, op: m[1] as PglOp, relationText, notFound, outcome: m[3]!, local: s.local, remote: s.remote, commitLsn: s.lsn };
  }
  if (e.error_severity !== 'ERROR' || message !== 'cannot apply conflicting row' || typeof e.context !== 'string') return null;
  const c = CONTEXT.exec(e.context);
  if (!c) return null;
  const remote: PglTupleSide = { text: '', origin: Number(c[5]), committedText: c[4]!, committedAt: pgTime(c[4]!) };
  const op = c[1] === '(unknown action)' ? null : (c[1] as PglOp);
  return { ...base, op, relationText: c[2]!, notFound: false, outcome: null, local: null, remote, commitLsn: c[3]! };
}
