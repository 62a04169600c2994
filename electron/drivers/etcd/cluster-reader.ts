import { fail, ok, type Failure, type Result } from '../../../shared/result';
import type { EndpointConnection } from './endpoint-connection';
import type { MemberReading } from './member-reading';
import { AlarmReplySchema, MemberListReplySchema, parseReply, StatusReplySchema, type MemberListReply } from './wire';
import { classifyEtcdError } from './errors';

/** Parses a call's reply with a wire schema, turning a bad shape into `not-etcd`. */
async function callParsed<T>(
  conn: EndpointConnection,
  route: string,
  body: unknown,
  signal: AbortSignal,
  parse: (raw: Record<string, unknown>) => T,
): Promise<Result<T>> {
  const res = await conn.call(route, body, signal);
  if (!res.ok) return res;
  try {
    return ok(parse(res.value));
  } catch (e) {
    return classifyEtcdError(e, conn.id);
  }
}

/** The member list from the first endpoint that answers, in the order given. */
export async function readMemberList(
  conns: readonly EndpointConnection[],
  signal: AbortSignal,
): Promise<Result<{ list: MemberListReply; from: EndpointConnection }>> {
  const failures: Failure[] = [];
  for (const conn of conns) {
    const res = await callParsed(conn, '/v3/cluster/member/list', {}, signal, (raw) => parseReply(MemberListReplySchema, raw, 'member list'));
    if (res.ok) return ok({ list: res.value, from: conn });
    failures.push(res);
    if (signal.aborted) break;
  }
  const first = failures[0] ?? fail('invalid-url', 'no etcd endpoint to read');
  if (failures.length <= 1) return first;
  // A refused-but-etcd answer says more than "connection refused" elsewhere.
  const telling = failures.find((f) => f.code === 'not-etcd' || f.code === 'auth-failed' || f.code === 'tls-mismatch') ?? first;
  return fail(telling.code, `no endpoint answered the member list: ${failures.map((f) => f.reason).join(' | ')}`);
}

/** One status request to one member. */
export async function readStatus(conn: EndpointConnection, signal: AbortSignal, now: () => number): Promise<Result<MemberReading & { kind: 'read' }>> {
  const res = await callParsed(conn, '/v3/maintenance/status', {}, signal, (raw) => parseReply(StatusReplySchema, raw, 'status'));
  return res.ok ? ok({ kind: 'read', status: res.value, at: now() }) : res;
}

/** Alarms are cluster-wide: one request to any member. memberId → alarm names. */
export async function readAlarms(conn: EndpointConnection, signal: AbortSignal): Promise<Result<Map<string, string[]>>> {
  const res = await callParsed(conn, '/v3/maintenance/alarm', { action: 'GET' }, signal, (raw) => parseReply(AlarmReplySchema, raw, 'alarm'));
  if (!res.ok) return res;
  const out = new Map<string, string[]>();
  for (const a of res.value.alarms) {
    if (a.alarm === 'NONE') continue;
    out.set(a.memberID, [...(out.get(a.memberID) ?? []), a.alarm]);
  }
  return ok(out);
}
