import { runStatement } from '../../../../shared/postgres/statement';
import { fail, ok, type Result } from '../../../../shared/result';
import { parseKeyValue } from '../conninfo-kv';
import { maxLsn } from '../lsn';
import { notYet, pollUntil, type StepSession } from './session';
import { repointConninfo, SQL } from './sql';

interface StateRow {
  rec: boolean;
  ro: boolean;
  lsn: string | null;
  tli: string | null;
  receive_lsn: string | null;
  replay_lsn: string | null;
}

/**
 * What a standby has, read as the failover ranking reads it (candidates.ts): max(received,
 * replayed). pg_last_wal_receive_lsn() alone restarts at a segment start when the WAL
 * receiver restarts (0/3000000 beside a replay at 0/301A948), so both are named.
 */
export function walHeldText(st: Pick<StateRow, 'receive_lsn' | 'replay_lsn'>): string {
  const held = maxLsn(st.receive_lsn, st.replay_lsn) ?? '?';
  return `has WAL up to ${held} (received ${st.receive_lsn ?? '?'}, replayed ${st.replay_lsn ?? '?'})`;
}

/** How long a step re-reads its effect before it reports that it did not see it. */
const OBSERVE_MS = 10_000;

export async function nodeState(s: StepSession, node: string): Promise<Result<StateRow>> {
  const r = await s.query<StateRow>(node, SQL.state);
  if (!r.ok) return r;
  const row = r.value[0];
  return row ? ok(row) : fail('unknown', `${node} returned no state`);
}

const tliOf = (st: StateRow) => (st.tli ? Number.parseInt(st.tli, 16) : null);

/**
 * Writes refused (default_transaction_read_only, reloaded) and client sessions
 * ended; done only once a re-read shows the setting on and no session left
 * from before the fence. Idempotent.
 */
export async function fence(s: StepSession, node: string): Promise<Result<string>> {
  const name = s.nameOf(node);
  const r = await s.run<{ n: number; at: string }>(node, SQL.fence);
  if (!r.ok) return r;
  const n = Number(r.value[0]?.n ?? 0);
  const at = r.value[0]?.at ?? null;
  return pollUntil(
    async () => {
      const seen = await s.query<{ ro: string; left_over: number; unseen: number }>(node, SQL.fenced, [at]);
      if (!seen.ok) return seen;
      const row = seen.value[0];
      if (row?.ro !== 'on') return notYet(`${name}: default_transaction_read_only = ${row?.ro ?? '?'}`);
      if ((row.left_over ?? 0) > 0) return notYet(`${name}: ${row.left_over} client session(s) from before the fence still connected`);
      const unseen = row.unseen > 0 ? ` (${row.unseen} session(s) this login cannot see: it needs pg_read_all_stats)` : '';
      return ok(`${name} refuses writes: SHOW default_transaction_read_only = on (re-read); ${n} client session(s) ended, 0 left from before the fence${unseen}`);
    },
    `${name} to refuse writes`,
    { timeoutMs: OBSERVE_MS, signal: s.signal, intervalMs: 20 },
  );
}

export async function unfence(s: StepSession, node: string): Promise<Result<string>> {
  const name = s.nameOf(node);
  const r = await s.run(node, SQL.unfence);
  if (!r.ok) return r;
  return pollUntil(
    async () => {
      const st = await nodeState(s, node);
      if (!st.ok) return st;
      return st.value.ro ? notYet(`${name} still reads default_transaction_read_only = on`) : ok(`${name} accepts writes again: SHOW default_transaction_read_only = off (re-read)`);
    },
    `${name} to accept writes`,
    { timeoutMs: OBSERVE_MS, signal: s.signal, intervalMs: 20 },
  );
}

/** pg_promote(true, 60), then unfence it if it carries a fence from an earlier life; done once a re-read shows it out of recovery. Idempotent. */
export async function promote(s: StepSession, node: string): Promise<Result<string>> {
  const name = s.nameOf(node);
  const st = await nodeState(s, node);
  if (!st.ok) return st;
  let done = `${name} was already a primary`;
  if (st.value.rec) {
    const r = await s.query<{ promoted: boolean }>(node, SQL.promote);
    if (!r.ok) return r;
    if (!r.value[0]?.promoted) return fail('promote-failed', `pg_promote on ${name} returned false: it did not finish within 60 s`);
    done = `${name} promoted`;
  }
  if (st.value.ro) {
    const u = await unfence(s, node);
    if (!u.ok) return u;
    done = `${done}; it was fenced: ${u.value}`;
  }
  const after = await nodeState(s, node);
  if (!after.ok) return fail(after.code, `${done}, but re-reading it failed: ${after.reason}`);
  if (after.value.rec) return fail('promote-failed', `${done}, but pg_is_in_recovery() is still true`);
  return ok(`${done}: pg_is_in_recovery() = false, timeline ${tliOf(after.value) ?? '?'}, at ${after.value.lsn ?? '?'}`);
}

/**
 * Point a standby at `to`, keeping the rest of its conninfo; creates its slot
 * on `to` when it uses one. Done once a re-read shows primary_conninfo naming
 * `to` (after the reload); the WAL receiver's state then is in the detail.
 */
export async function repoint(s: StepSession, node: string, to: string): Promise<Result<string>> {
  const [name, toName] = [s.nameOf(node), s.nameOf(to)];
  const ep = s.endpoint(to);
  if (!ep) return fail('unknown-node', `${to} is not a node of this cluster`);
  const cur = await s.query<{ conninfo: string; slot: string }>(node, SQL.conninfo);
  if (!cur.ok) return cur;
  const row = cur.value[0];
  const next = repointConninfo(row?.conninfo ?? '', ep);
  if (!next.ok) return fail(next.code, `${name}: ${next.reason}`);
  const slot = row?.slot ?? '';
  if (slot) {
    const create = SQL.createSlot(slot);
    const made = await s.query(to, create.sql, create.params);
    if (!made.ok) return fail(made.code, `creating slot ${slot} on ${toName}: ${made.reason}`);
  }
  const sql = SQL.repoint(next.value);
  // ALTER SYSTEM takes no parameters: the server quotes the conninfo (format %L) and its text is run.
  const set = await runStatement(sql.set, (text, params) => s.query<{ stmt?: string }>(node, text, params));
  if (!set.ok) return fail(set.code, `ALTER SYSTEM SET primary_conninfo on ${name}: ${set.reason}`);
  const r = await s.run(node, sql.then);
  if (!r.ok) return r;
  return pollUntil(
    async () => {
      const c = await s.query<{ conninfo: string }>(node, SQL.conninfo);
      if (!c.ok) return c;
      const kv = parseKeyValue(c.value[0]?.conninfo ?? '');
      const seen = kv.ok ? `${kv.value.get('host') ?? '?'}:${kv.value.get('port') ?? '?'}` : '?';
      if (seen !== `${ep.host}:${ep.port}`) return notYet(`${name}'s primary_conninfo still names ${seen}`);
      const w = await s.query<{ status: string; sender_host: string | null; sender_port: number | null }>(node, SQL.receiver);
      const rcv = w.ok ? w.value[0] : undefined;
      const receiver = rcv ? `its WAL receiver is ${rcv.status} from ${rcv.sender_host ?? '?'}:${rcv.sender_port ?? '?'}` : 'its WAL receiver is restarting';
      return ok(`${name}'s primary_conninfo names ${toName} (${seen}, re-read)${slot ? `, slot ${slot}` : ''}; ${receiver}`);
    },
    `${name}'s primary_conninfo to name ${toName}`,
    { timeoutMs: OBSERVE_MS, signal: s.signal, intervalMs: 20 },
  );
}

export async function checkpoint(s: StepSession, node: string): Promise<Result<string>> {
  const name = s.nameOf(node);
  const r = await s.query(node, SQL.checkpoint);
  if (!r.ok) return r;
  const seen = await s.query<{ seen: string | null }>(node, SQL.checkpointSeen);
  const what = seen.ok && seen.value[0]?.seen ? `pg_control_checkpoint(): timeline ${seen.value[0].seen}` : 'pg_control_checkpoint() not readable by this login';
  return ok(`CHECKPOINT done on ${name}; ${what}`);
}
