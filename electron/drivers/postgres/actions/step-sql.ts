import { runStatement } from '../../../../shared/postgres/statement';
import { fail, ok, type Result } from '../../../../shared/result';
import type { StepSession } from './session';
import { repointConninfo, SQL } from './sql';

interface StateRow {
  rec: boolean;
  ro: boolean;
  lsn: string | null;
  tli: string | null;
  receive_lsn: string | null;
}

export async function nodeState(s: StepSession, node: string): Promise<Result<StateRow>> {
  const r = await s.query<StateRow>(node, SQL.state);
  if (!r.ok) return r;
  const row = r.value[0];
  return row ? ok(row) : fail('unknown', `${node} returned no state`);
}

/** Writes refused (default_transaction_read_only, reloaded) and client sessions ended. Idempotent. */
export async function fence(s: StepSession, node: string): Promise<Result<string>> {
  const r = await s.run<{ n: number }>(node, SQL.fence);
  if (!r.ok) return r;
  const n = Number(r.value[0]?.n ?? 0);
  return ok(`${node} refuses writes (default_transaction_read_only = on); ${n} client session(s) ended`);
}

export async function unfence(s: StepSession, node: string): Promise<Result<string>> {
  const r = await s.run(node, SQL.unfence);
  return r.ok ? ok(`${node} accepts writes again (default_transaction_read_only reset)`) : r;
}

/** pg_promote(true, 60), then unfence it if it carries a fence from an earlier life. Idempotent. */
export async function promote(s: StepSession, node: string): Promise<Result<string>> {
  const st = await nodeState(s, node);
  if (!st.ok) return st;
  let done = `${node} is already a primary`;
  if (st.value.rec) {
    const r = await s.query<{ promoted: boolean }>(node, SQL.promote);
    if (!r.ok) return r;
    if (!r.value[0]?.promoted) return fail('promote-failed', `pg_promote on ${node} returned false: it did not finish within 60 s`);
    done = `${node} promoted`;
  }
  if (!st.value.ro) return ok(done);
  const u = await unfence(s, node);
  return u.ok ? ok(`${done}; it was fenced: ${u.value}`) : u;
}

/** Point a standby at `to`, keeping the rest of its conninfo; creates its slot on `to` when it uses one. */
export async function repoint(s: StepSession, node: string, to: string): Promise<Result<string>> {
  const ep = s.endpoint(to);
  if (!ep) return fail('unknown-node', `${to} is not a node of this cluster`);
  const cur = await s.query<{ conninfo: string; slot: string }>(node, SQL.conninfo);
  if (!cur.ok) return cur;
  const row = cur.value[0];
  const next = repointConninfo(row?.conninfo ?? '', ep);
  if (!next.ok) return fail(next.code, `${node}: ${next.reason}`);
  const slot = row?.slot ?? '';
  if (slot) {
    const create = SQL.createSlot(slot);
    const made = await s.query(to, create.sql, create.params);
    if (!made.ok) return fail(made.code, `creating slot ${slot} on ${to}: ${made.reason}`);
  }
  const sql = SQL.repoint(next.value);
  // ALTER SYSTEM takes no parameters: the server quotes the conninfo (format %L) and its text is run.
  const set = await runStatement(sql.set, (text, params) => s.query<{ stmt?: string }>(node, text, params));
  if (!set.ok) return fail(set.code, `ALTER SYSTEM SET primary_conninfo on ${node}: ${set.reason}`);
  const r = await s.run(node, sql.then);
  if (!r.ok) return r;
  return ok(`${node} now streams from ${ep.host}:${ep.port}${slot ? ` through slot ${slot}` : ''}`);
}

export async function checkpoint(s: StepSession, node: string): Promise<Result<string>> {
  const r = await s.query(node, SQL.checkpoint);
  return r.ok ? ok(`checkpoint done on ${node}`) : r;
}
