import { fail, ok, type Result } from '../../../../shared/result';
import { formatGtid, parseGtidList, type Gtid } from '../gtid';
import type { ServerConnection } from '../server-connection';
import type { PlanStep, ResolutionPlan } from './resolve-plan';
import { describeStatement } from './sql';
import { channelText, hasPassed, positionText } from './stopped-channel';

type Row = Record<string, unknown>;

export interface RunOptions {
  /** How long to watch the SQL thread after the last statement. */
  observeMs?: number;
  intervalMs?: number;
}

/** @@GLOBAL.gtid_slave_pos now. */
async function slavePos(conn: ServerConnection, signal: AbortSignal): Promise<Result<Gtid[]>> {
  const r = await conn.query('SELECT @@GLOBAL.gtid_slave_pos AS p', signal);
  if (!r.ok) return r;
  return parseGtidList(String((r.value as Row[])[0]?.p ?? ''));
}

/** The channel's SQL thread and last error, with @@gtid_slave_pos, read together. */
async function channelState(conn: ServerConnection, channel: string, signal: AbortSignal): Promise<Result<{ sql: string; errno: number; error: string; pos: Gtid[] }>> {
  const r = await conn.query('SHOW ALL SLAVES STATUS; SELECT @@GLOBAL.gtid_slave_pos AS p', signal);
  if (!r.ok) return r;
  const [rows, vars] = r.value as Row[][];
  const row = (rows ?? []).find((x) => String(x.Connection_name ?? '') === channel);
  if (!row) return fail('conflict-stale', `${channelText(channel)} no longer exists`);
  const pos = parseGtidList(String(vars?.[0]?.p ?? ''));
  if (!pos.ok) return pos;
  return ok({ sql: String(row.Slave_SQL_Running), errno: Number(row.Last_SQL_Errno ?? 0), error: String(row.Last_SQL_Error ?? ''), pos: pos.value });
}

/**
 * Runs a plan's statements on the stopped server, in `conn` (a session of its
 * own: sql_log_bin = 0 never touches a sampling session), then watches the
 * channel: done when its SQL thread runs without error past the failing GTID.
 * A guard finding @@gtid_slave_pos moved since the plan starts the stopped
 * channels again and changes nothing else. A SQL thread that stops again is a
 * failure, with the server's error.
 */
export async function runResolution(conn: ServerConnection, plan: ResolutionPlan, signal: AbortSignal, o: RunOptions = {}): Promise<Result<string>> {
  const ran: string[] = [];
  const undo: PlanStep[] = [];
  const restart = async () => {
    for (const u of undo.reverse()) if (u.undo) await conn.query(u.undo.sql, signal, u.undo.values);
  };
  for (const st of plan.steps) {
    if (st.guard === 'slave-pos') {
      const now = await slavePos(conn, signal);
      if (!now.ok) return (await restart(), now);
      if (positionText(now.value) !== positionText(plan.basePos)) {
        await restart();
        return fail('conflict-stale', `@@gtid_slave_pos on ${plan.nodeId} is ${positionText(now.value)}, not ${positionText(plan.basePos)} as read with the conflict: nothing was skipped; look at the conflict again`);
      }
    }
    const r = await conn.query(st.sql, signal, st.values);
    if (!r.ok) {
      await restart();
      const done = ran.length ? ` after ${ran.join('; ')}` : ', and nothing was changed';
      return fail('refused', `${plan.nodeId} refused ${describeStatement(st)}${done}: ${r.reason}`);
    }
    if (st.undo) undo.push(st);
    // A statement that is another's undo makes that undo done.
    const i = undo.findIndex((u) => u.undo?.sql === st.sql && JSON.stringify(u.undo.values) === JSON.stringify(st.values));
    if (i >= 0 && undo[i] !== st) undo.splice(i, 1);
    ran.push(describeStatement(st));
  }
  const seen = await observe(conn, plan, signal, o);
  if (!seen.ok) return seen;
  return ok(`${plan.mode} on ${plan.nodeId}: ${ran.join('; ')}; observed: ${seen.value}`);
}

async function observe(conn: ServerConnection, plan: ResolutionPlan, signal: AbortSignal, o: RunOptions): Promise<Result<string>> {
  const until = Date.now() + (o.observeMs ?? 5_000);
  const gtid = plan.failing ? formatGtid(plan.failing) : 'the failing transaction';
  for (;;) {
    const s = await channelState(conn, plan.channel, signal);
    if (!s.ok) return s;
    const past = plan.failing ? hasPassed(s.value.pos, plan.failing) : true;
    const state = `SQL thread ${s.value.sql === 'Yes' ? 'running' : s.value.sql}, Last_SQL_Errno ${s.value.errno}, @@gtid_slave_pos ${positionText(s.value.pos)}`;
    if (s.value.sql === 'Yes' && s.value.errno === 0 && past) return ok(`${state} (past ${gtid})`);
    if (s.value.sql !== 'Yes' && s.value.errno !== 0) {
      return fail('still-failing', `after ${plan.mode}, ${channelText(plan.channel)} of ${plan.nodeId} stopped again on error ${s.value.errno}: ${s.value.error}`);
    }
    if (Date.now() >= until) return ok(`${state}: not yet past ${gtid} after ${o.observeMs ?? 5_000} ms`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 100));
  }
}
