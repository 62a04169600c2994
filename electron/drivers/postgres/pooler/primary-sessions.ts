import { fail, ok, type Result } from '../../../../shared/result';
import type { StepSession } from '../actions/session';

/** Client sessions on a node, for the bypass note and the long-transaction check. Our own sessions are named `replicadesk` (the app) and `replicadesk-agent` (a node agent's). */
export const CLIENT_SESSIONS_SQL = `SELECT pid, usename, application_name, host(client_addr) AS addr, client_port,
  CASE WHEN xact_start IS NULL THEN NULL ELSE (extract(epoch FROM clock_timestamp() - xact_start) * 1000)::float8 END AS xact_age_ms
  FROM pg_stat_activity
  WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name NOT IN ('replicadesk', 'replicadesk-agent')`;

export interface ClientSession {
  pid: number;
  user: string | null;
  app: string;
  addr: string | null;
  port: number | null;
  xactAgeMs: number | null;
}

export async function readClientSessions(s: StepSession, node: string): Promise<Result<ClientSession[]>> {
  const r = await s.query<{ pid: number; usename: string | null; application_name: string; addr: string | null; client_port: number | null; xact_age_ms: number | null }>(node, CLIENT_SESSIONS_SQL);
  if (!r.ok) return fail(r.code, `reading pg_stat_activity on ${s.nameOf(node)}: ${r.reason}`);
  return ok(r.value.map((x) => ({ pid: x.pid, user: x.usename, app: x.application_name, addr: x.addr, port: x.client_port, xactAgeMs: x.xact_age_ms })));
}

/** Sessions not opened by any pooler (their client address and port is no pooler's server connection). */
export function bypassing(sessions: readonly ClientSession[], poolerLocalAddrs: ReadonlySet<string>): ClientSession[] {
  return sessions.filter((x) => x.addr !== null && x.port !== null && x.port > 0 && !poolerLocalAddrs.has(`${x.addr}:${x.port}`));
}

/** "1 session", "3 sessions". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function describeSession(x: ClientSession): string {
  const who = `${x.user ?? '?'}@${x.addr ?? 'local socket'}${x.port ? `:${x.port}` : ''}`;
  const age = x.xactAgeMs !== null ? `, transaction open ${(x.xactAgeMs / 1000).toFixed(1)} s` : '';
  return `pid ${x.pid} (${who}${x.app ? `, ${x.app}` : ''}${age})`;
}

export function listSessions(list: readonly ClientSession[], max = 5): string {
  const shown = list.slice(0, max).map(describeSession).join(', ');
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}
