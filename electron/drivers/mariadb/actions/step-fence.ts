import type { StepReport } from '../../../../shared/model/action';
import { fail, ok, type Result } from '../../../../shared/result';
import { describeState, readNodeState } from './node-state';
import { pollUntil, str, type Row } from './session';
import { readOnlyAdminsOf } from './read-only-admins';
import { MDB_SQL } from './sql';
import type { StepContext } from './step-context';

const sessionText = (r: Row) => `${str(r.id)} (${str(r.user)}@${str(r.host)})`;

/**
 * read_only = 1, then KILL CONNECTION for every client session but replication
 * and our own; done once read_only reads 1 and none of the ended sessions is
 * left. Sessions that connect afterwards are named: read_only refuses their
 * writes unless their account holds READ_ONLY ADMIN (listed).
 */
export async function fence(x: StepContext, node: string): Promise<Result<string>> {
  const name = x.nameOf(node);
  const set = await x.s.query(node, MDB_SQL.fence, x.signal);
  if (!set.ok) return fail(set.code, `${MDB_SQL.fence} on ${name}: ${set.reason}`);
  const sessions = await x.s.query(node, MDB_SQL.clientSessions, x.signal);
  if (!sessions.ok) return fail(sessions.code, `reading the sessions of ${name}: ${sessions.reason}`);
  const ended: string[] = [];
  const notEnded: string[] = [];
  for (const row of sessions.value) {
    const k = await x.s.query(node, MDB_SQL.kill, x.signal, [Number(row.id)]);
    // 1094 "Unknown thread id": it ended by itself in the meantime.
    if (k.ok || /Unknown thread id/i.test(k.reason)) ended.push(sessionText(row));
    else notEnded.push(`${sessionText(row)}: ${k.reason}`);
  }
  const killed = new Set(sessions.value.map((r) => str(r.id)));
  const seen = await pollUntil(
    async () => {
      const st = await readNodeState(x.s, node, x.signal);
      if (!st.ok) return st;
      if (!st.value.readOnly) return fail('not-fenced', `@@read_only still reads 0 on ${name}`);
      const left = await x.s.query(node, MDB_SQL.clientSessions, x.signal);
      if (!left.ok) return left;
      const stay = left.value.filter((r) => killed.has(str(r.id)));
      if (stay.length > 0) return fail('sessions-left', `session(s) ${stay.map(sessionText).join(', ')} still there`);
      return ok({ st: st.value, fresh: left.value });
    },
    `${name} to read read_only = 1 with the ended sessions gone`,
    { timeoutMs: 5_000, signal: x.signal },
  );
  if (!seen.ok) return seen;
  const own = await x.s.query(node, MDB_SQL.ownSessions, x.signal);
  const kept = !own.ok ? `; ReplicaDesk's own sessions could not be listed (${own.reason})` : own.value.length > 0 ? `; kept ${own.value.length} session(s) of ReplicaDesk's own login, its monitoring (${own.value.map(sessionText).join(', ')}): sessions of that user are never ended, so applications must not log in as it` : '';
  const holders = readOnlyAdminsOf(await x.s.query(node, MDB_SQL.readOnlyAdmins, x.signal));
  const fresh = seen.value.fresh.length > 0 ? `; ${seen.value.fresh.length} client session(s) connected since (${seen.value.fresh.map(sessionText).join(', ')}): read_only refuses their writes` : '';
  const bypass = holders === null ? '; READ_ONLY ADMIN holders could not be listed (this login sees only its own grants)' : holders.length > 0 ? `; accounts that can still write (READ_ONLY ADMIN): ${holders.join(', ')}` : '';
  const failed = notEnded.length > 0 ? `; could not end ${notEnded.join('; ')}` : '';
  return ok(`${name} fenced: ${describeState(seen.value.st, x.nameOf)}; ended ${ended.length} client session(s)${ended.length ? ` (${ended.join(', ')})` : ''}, none of them left${kept}${fresh}${bypass}${failed}; @@gtid_binlog_pos = '${seen.value.st.binlogPos}'`);
}

/**
 * A failover's old primary: fenced now if it answers as a writable primary; if
 * it does not answer, skipped and owed (core runs this step again the moment
 * a sample shows it writable).
 */
export async function fenceReminder(x: StepContext, node: string): Promise<Result<StepReport>> {
  const name = x.nameOf(node);
  const st = await readNodeState(x.s, node, x.signal);
  if (!st.ok) {
    return ok({ detail: `skipped: ${name} does not answer (${st.reason}); the fence is owed: it is fenced (read_only = 1, sessions ended) the moment it answers as a writable primary`, skipped: true, owes: { kind: 'fence-on-return', nodeId: node } });
  }
  if (st.value.readOnly && st.value.channels.length > 0) return ok({ detail: `skipped: ${name} answers as a replica already: ${describeState(st.value, x.nameOf)}`, skipped: true });
  return fence(x, node);
}
