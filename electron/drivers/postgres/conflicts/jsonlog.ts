/**
 * Apply errors from the server's jsonlog (`log_destination = jsonlog`): the
 * apply worker's ERROR carries the SQLSTATE, the key in `detail`, and a
 * `context` naming the subscription's replication origin (`pg_<suboid>`), the
 * target relation and the remote transaction's finish LSN. Pure.
 */

export interface ApplyError {
  /** Epoch ms of the log line. */
  at: number;
  pid: number | null;
  sqlstate: string;
  message: string;
  detail: string | null;
  /** The subscription's oid, from the replication origin `pg_<oid>`. */
  subscriptionOid: number;
  /** `schema.table`, when the context names it. */
  table: string | null;
  /** INSERT, UPDATE, DELETE, … */
  operation: string | null;
  remoteXid: number | null;
  /** The remote transaction's commit LSN ("finished at"): what SKIP takes. */
  finishLsn: string | null;
  constraint: string | null;
  /** Parsed from `Key (a, b)=(1, x) already exists.` */
  key: KeyValues | null;
}

export interface KeyValues {
  columns: string[];
  values: string[];
}

const CONTEXT =
  /replication origin "pg_(\d+)" during (?:message type )?"(\w+)"(?: for replication target relation "([^"]+)")?(?: in transaction (\d+))?(?:, finished at ([0-9A-F]+\/[0-9A-F]+))?/i;

/** `Key (id)=(1) already exists.` → columns and values. Values holding ", " split only when the counts match. */
export function parseKeyDetail(detail: string | null | undefined): KeyValues | null {
  const m = /^Key \((.+)\)=\((.*)\)(?: already exists| conflicts with| is not present)/s.exec(detail ?? '');
  if (!m) return null;
  const columns = m[1]!.split(', ').map((c) => c.replace(/^"(.*)"$/, '$1').replaceAll('""', '"'));
  const values = columns.length === 1 ? [m[2]!] : m[2]!.split(', ');
  return values.length === columns.length ? { columns, values } : null;
}

/** The constraint named in a message such as `… violates unique constraint "items_pkey"`. */
export function constraintOf(message: string): string | null {
  return /constraint "([^"]+)"/.exec(message)?.[1] ?? null;
}

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
  const m = CONTEXT.exec(e.context);
  if (!m) return null;
  const message = typeof e.message === 'string' ? e.message : '';
  const detail = typeof e.detail === 'string' ? e.detail : null;
  return {
    at: timeOf(e.timestamp),
    pid: typeof e.pid === 'number' ? e.pid : null,
    sqlstate: typeof e.state_code === 'string' ? e.state_code : 'XX000',
    message,
    detail,
    subscriptionOid: Number(m[1]),
    operation: m[2] ?? null,
    table: m[3] ?? null,
    remoteXid: m[4] ? Number(m[4]) : null,
    finishLsn: m[5] ?? null,
    constraint: constraintOf(message),
    key: parseKeyDetail(detail),
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
