/**
 * Apply errors from the server's jsonlog (`log_destination = jsonlog`): the
 * apply worker's ERROR carries the SQLSTATE and a `context` naming the
 * subscription's replication origin (`pg_<suboid>`), the operation and the
 * remote transaction's finish LSN. Nothing that names a table, a column or a
 * constraint is taken from the log: those are printed unquoted, so a name can
 * hold anything the log's own punctuation uses. They come from the catalog by
 * OID (local-relation.ts) and the key values from the decoded row. Pure.
 */

export interface ApplyError {
  /** Epoch ms of the log line. */
  at: number;
  pid: number | null;
  sqlstate: string;
  /** The server's message and detail, shown as text only. */
  message: string;
  detail: string | null;
  /** The subscription's oid, from the replication origin `pg_<oid>`. */
  subscriptionOid: number;
  /** INSERT, UPDATE, DELETE, … */
  operation: string | null;
  remoteXid: number | null;
  /** The remote transaction's commit LSN ("finished at"): what SKIP takes. */
  finishLsn: string | null;
}

/** The origin and operation come first in the context, before any name. */
const CONTEXT_HEAD = /^processing remote data for replication origin "pg_(\d+)" during (?:message type )?"(\w+)"/i;
/** The transaction comes last: matched at the end, so a name holding the same words cannot stand in for it. */
const CONTEXT_TAIL = / in transaction (\d+)(?:, finished at ([0-9A-F]+\/[0-9A-F]+))?$/i;

function timeOf(ts: unknown): number {
  if (typeof ts !== 'string') return 0;
  const ms = Date.parse(ts.replace(' ', 'T').replace(/ (UTC|GMT)$/, 'Z'));
  return Number.isFinite(ms) ? ms : 0;
}

/** One jsonlog line → an apply error, or null for anything else. */
export function parseApplyError(line: string): ApplyError | null {
  if (!line.includes('"ERROR"') || !line.includes('replication origin')) return null;
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (e.error_severity !== 'ERROR' || typeof e.context !== 'string') return null;
  const head = CONTEXT_HEAD.exec(e.context);
  if (!head) return null;
  const tail = CONTEXT_TAIL.exec(e.context);
  return {
    at: timeOf(e.timestamp),
    pid: typeof e.pid === 'number' ? e.pid : null,
    sqlstate: typeof e.state_code === 'string' ? e.state_code : 'XX000',
    message: typeof e.message === 'string' ? e.message : '',
    detail: typeof e.detail === 'string' ? e.detail : null,
    subscriptionOid: Number(head[1]),
    operation: head[2] ?? null,
    remoteXid: tail?.[1] ? Number(tail[1]) : null,
    finishLsn: tail?.[2] ?? null,
  };
}

/**
 * Splits a chunk read at some offset into complete lines. A last line without
 * its newline is left for the next read: `consumed` is how many bytes to move on.
 */
export function completeLines(chunk: Uint8Array): { lines: string[]; consumed: number } {
  const lastNewline = chunk.lastIndexOf(0x0a);
  if (lastNewline < 0) return { lines: [], consumed: 0 };
  const text = new TextDecoder().decode(chunk.subarray(0, lastNewline));
  return { lines: text.split('\n').filter((l) => l.length > 0), consumed: lastNewline + 1 };
}
