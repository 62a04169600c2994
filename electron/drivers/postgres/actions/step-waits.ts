import { fail, ok, type Result } from '../../../../shared/result';
import { nodeIdOf } from '../conn-string';
import { lsnToBigInt, maxLsn } from '../lsn';
import type { HostControl } from './host-control';
import { notYet, pollUntil, type StepSession } from './session';
import { SQL } from './sql';
import { nodeState, walHeldText } from './step-sql';

const WAIT_MS = 30_000;

/**
 * Until `node` has received all of `old`'s WAL: past its shutdown checkpoint
 * when its host stopped it, else up to its current LSN (it is fenced).
 */
export async function waitCaughtUp(s: StepSession, node: string, old: string, host: HostControl | null): Promise<Result<string>> {
  const first = await nodeState(s, node);
  if (first.ok && !first.value.rec) return ok(`${node} is already a primary`);
  let target: { lsn: string; strict: boolean; what: string };
  if (host?.controls(old)) {
    const ck = await host.shutdownCheckpointLsn(old, s.signal);
    if (!ck.ok) return ck;
    target = { lsn: ck.value, strict: true, what: `${s.nameOf(old)}'s shutdown checkpoint at ${ck.value}` };
  } else {
    const settled = await settledPosition(s, old);
    if (!settled.ok) return settled;
    target = { lsn: settled.value.lsn, strict: false, what: `${s.nameOf(old)}'s last position ${settled.value.lsn} (${settled.value.how})` };
  }
  const started = Date.now();
  return pollUntil(
    async () => {
      const st = await nodeState(s, node);
      if (!st.ok) return st;
      // The WAL it holds: received or replayed. pg_last_wal_receive_lsn() alone restarts at a segment start when
      // its receiver reconnects on an idle cluster (0/3000000 under a replay at 0/3052E10): seen in a trial.
      const got = maxLsn(st.value.receive_lsn, st.value.replay_lsn);
      if (!got) return notYet(`${s.nameOf(node)} has received nothing`);
      const d = lsnToBigInt(got) - lsnToBigInt(target.lsn);
      return d > 0n || (d === 0n && !target.strict)
        ? ok(`${s.nameOf(node)} ${walHeldText(st.value)}, past ${target.what} (${Date.now() - started} ms)`)
        : notYet(`${s.nameOf(node)} ${walHeldText(st.value)}, waiting for ${target.what}`);
    },
    `${s.nameOf(node)} to receive ${target.what}`,
    { timeoutMs: WAIT_MS, signal: s.signal, intervalMs: 10 },
  );
}

export async function waitWritable(s: StepSession, node: string): Promise<Result<string>> {
  const started = Date.now();
  return pollUntil(
    async () => {
      const st = await nodeState(s, node);
      if (!st.ok) return st;
      if (st.value.rec) return notYet(`${node} is still in recovery`);
      if (st.value.ro) return notYet(`${node} is read-only`);
      return ok(`${s.nameOf(node)} accepts writes: pg_is_in_recovery() = false, default_transaction_read_only = off, timeline ${Number.parseInt(st.value.tli ?? '0', 16)} (${Date.now() - started} ms)`);
    },
    `${node} to accept writes`,
    { timeoutMs: WAIT_MS, signal: s.signal, intervalMs: 10 },
  );
}

/** Until `node` streams from `from` on `from`'s timeline (recovery_target_timeline = latest follows it). */
export async function waitStreaming(s: StepSession, node: string, from: string): Promise<Result<string>> {
  const started = Date.now();
  const up = await nodeState(s, from);
  if (!up.ok) return fail(up.code, `reading ${from}'s timeline: ${up.reason}`);
  const tli = up.value.tli ? Number.parseInt(up.value.tli, 16) : 0;
  return pollUntil(
    async () => {
      const r = await s.query<{ status: string; sender_host: string | null; sender_port: number | null; received_tli: number }>(node, SQL.receiver);
      if (!r.ok) return r;
      const row = r.value[0];
      if (!row) return notYet(`${node} has no WAL receiver`);
      const at = row.sender_host && row.sender_port ? nodeIdOf(row.sender_host, row.sender_port) : null;
      if (row.status !== 'streaming' || at !== from) return notYet(`${node}'s receiver is ${row.status} from ${at ?? 'nowhere'}`);
      if (row.received_tli < tli) return notYet(`${node} streams timeline ${row.received_tli}, not yet ${tli}`);
      return ok(`${s.nameOf(node)} streams from ${s.nameOf(from)}: pg_stat_wal_receiver status ${row.status}, sender ${row.sender_host}:${row.sender_port}, timeline ${row.received_tli} (${Date.now() - started} ms)`);
    },
    `${node} to stream from ${from}`,
    { timeoutMs: WAIT_MS, signal: s.signal, intervalMs: 25 },
  );
}

/**
 * Where the fenced old primary's WAL ends, for the candidate to reach. Not
 * pg_current_wal_lsn(): with synchronous_commit = off a commit is acknowledged
 * before its WAL is written, so that position can stop short of acknowledged
 * commits (a trial lost 8 such rows). The insert position covers them; the WAL
 * writer flushes every async commit within wal_writer_delay, so once the flush
 * position reaches the insert position (or three delays have passed, after
 * which only records no client waited for can be left) the flushed end is it.
 */
export async function settledPosition(s: StepSession, old: string, now = () => Date.now()): Promise<Result<{ lsn: string; how: string }>> {
  const first = await s.query<PositionRow>(old, POSITION_SQL);
  if (!first.ok) return fail(first.code, `reading ${s.nameOf(old)}'s position: ${first.reason}`);
  const row = first.value[0];
  if (!row?.insert_lsn) return fail('not-primary', `${s.nameOf(old)} is in recovery: it is no longer the primary`);
  const insert = row.insert_lsn;
  const graceMs = 3 * (row.delay_ms ?? 200);
  const t0 = now();
  return pollUntil(
    async () => {
      const r = await s.query<PositionRow>(old, POSITION_SQL);
      if (!r.ok) return r;
      const flush = r.value[0]?.flush_lsn ?? null;
      if (!flush) return fail('not-primary', `${s.nameOf(old)} is in recovery: it is no longer the primary`);
      if (lsnToBigInt(flush) >= lsnToBigInt(insert)) return ok({ lsn: insert, how: `the insert position after the fence, flushed in ${now() - t0} ms` });
      if (now() - t0 >= graceMs) return ok({ lsn: flush, how: `flushed ${now() - t0} ms after the fence (3 × wal_writer_delay); insert position ${insert}` });
      return notYet(`${s.nameOf(old)} has flushed ${flush} of ${insert}`);
    },
    `${s.nameOf(old)} to flush its WAL`,
    { timeoutMs: graceMs + 5_000, signal: s.signal, intervalMs: 10 },
  );
}

interface PositionRow {
  insert_lsn: string | null;
  flush_lsn: string | null;
  delay_ms: number | null;
}

const POSITION_SQL = `SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_insert_lsn()::text END AS insert_lsn,
  CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_flush_lsn()::text END AS flush_lsn,
  (SELECT setting::int FROM pg_settings WHERE name = 'wal_writer_delay') AS delay_ms`;

