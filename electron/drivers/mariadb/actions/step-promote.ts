import { fail, ok, type Result } from '../../../../shared/result';
import { describeChannel, describeState, readNodeState, type ChannelState, type NodeState } from './node-state';
import { WAIT_SLICE_S } from './session';
import { MDB_SQL } from './sql';
import type { StepContext } from './step-context';

/** The channel of `st` from `source`, else its only channel. */
export function channelTo(st: NodeState, source: string): ChannelState | null {
  return st.channels.find((c) => c.source === source) ?? (st.channels.length === 1 ? st.channels[0]! : null);
}

const nameArgs = (c: ChannelState): unknown[] => (c.name === '' ? [] : [c.name]);

/** Switchover: the candidate still replicates from the old primary. Failover: besides, the old primary still does not answer as a writable primary. */
export async function verify(x: StepContext, node: string, old: string, kind: 'switchover' | 'failover'): Promise<Result<string>> {
  const st = await readNodeState(x.s, node, x.signal);
  if (!st.ok) return st;
  const ch = st.value.channels.find((c) => c.source === old) ?? null;
  if (!ch) return fail('not-a-replica', `${x.nameOf(node)} no longer replicates from ${x.nameOf(old)}: ${describeState(st.value, x.nameOf)}`);
  if (kind === 'switchover') {
    if (ch.io !== 'Yes' || ch.sql !== 'Yes') return fail('not-replicating', `${x.nameOf(node)}: ${describeChannel(ch, x.nameOf)}`);
    return ok(`${x.nameOf(node)}: ${describeState(st.value, x.nameOf)}`);
  }
  const o = await readNodeState(x.s, old, x.signal);
  if (o.ok && !o.value.readOnly) return fail('old-primary-answers', `${x.nameOf(old)} answers and accepts writes (${describeState(o.value, x.nameOf)}): switch over instead`);
  return ok(`${x.nameOf(node)}: ${describeState(st.value, x.nameOf)}; ${x.nameOf(old)} ${o.ok ? `answers fenced (${describeState(o.value, x.nameOf)})` : `does not answer (${o.reason})`}`);
}

/** MASTER_GTID_WAIT in slices until `pos` is applied on `node`; ms it took. */
async function gtidWait(x: StepContext, node: string, pos: string): Promise<Result<number>> {
  const started = Date.now();
  const slice = Math.min(WAIT_SLICE_S, x.waitTimeoutMs / 1000);
  while (!x.signal.aborted) {
    const r = await x.s.query(node, MDB_SQL.gtidWait, x.signal, [pos, slice]);
    if (!r.ok) return r;
    if (Number(r.value[0]?.r) === 0) return ok(Date.now() - started);
    if (Date.now() - started >= x.waitTimeoutMs) break;
  }
  return fail(x.signal.aborted ? 'aborted' : 'timeout', `${x.nameOf(node)} did not apply '${pos}' within ${x.waitTimeoutMs} ms (MASTER_GTID_WAIT returned -1)`);
}

/** Reads the fenced old primary's @@gtid_binlog_pos and waits until the candidate applied it. */
export async function waitCaughtUp(x: StepContext, node: string, old: string): Promise<Result<string>> {
  const o = await readNodeState(x.s, old, x.signal);
  if (!o.ok) return fail(o.code, `reading ${x.nameOf(old)}'s @@gtid_binlog_pos: ${o.reason}`);
  if (!o.value.readOnly) return fail('not-fenced', `${x.nameOf(old)} is not fenced (@@read_only = 0): it may take writes after this position`);
  const pos = o.value.binlogPos;
  const waited = await gtidWait(x, node, pos);
  if (!waited.ok) return waited;
  const st = await readNodeState(x.s, node, x.signal);
  if (!st.ok) return st;
  return ok(`${x.nameOf(old)}'s @@gtid_binlog_pos = '${pos}' (read after the fence); ${x.nameOf(node)} applied it (MASTER_GTID_WAIT = 0 after ${waited.value} ms): @@gtid_slave_pos = '${st.value.slavePos}', @@gtid_current_pos = '${st.value.currentPos}'`);
}

/** Failover: stop the IO thread (the dead primary sends nothing more) and apply everything it received. */
export async function drainRelay(x: StepContext, node: string, old: string): Promise<Result<string>> {
  const st = await readNodeState(x.s, node, x.signal);
  if (!st.ok) return st;
  const ch = channelTo(st.value, old);
  if (!ch) return ok(`${x.nameOf(node)} has no channel from ${x.nameOf(old)} (promoted already?): ${describeState(st.value, x.nameOf)}`);
  if (ch.io !== 'No') {
    const stop = await x.s.query(node, MDB_SQL.stopIoChannel(ch.name !== ''), x.signal, nameArgs(ch));
    if (!stop.ok) return stop;
  }
  const after = await readNodeState(x.s, node, x.signal);
  if (!after.ok) return after;
  const received = channelTo(after.value, old)?.gtidIoPos ?? '';
  if (received === '') return ok(`${x.nameOf(node)}'s IO thread is stopped; it received nothing by GTID (Gtid_IO_Pos empty): ${describeState(after.value, x.nameOf)}`);
  const waited = await gtidWait(x, node, received);
  if (!waited.ok) return waited;
  const end = await readNodeState(x.s, node, x.signal);
  if (!end.ok) return end;
  return ok(`${x.nameOf(node)}'s IO thread stopped; it applied everything it received, Gtid_IO_Pos '${received}' (MASTER_GTID_WAIT = 0 after ${waited.value} ms): ${describeState(end.value, x.nameOf)}`);
}

/**
 * STOP SLAVE and RESET SLAVE ALL on every channel, then read_only = 0; done once it reads no
 * channel and read_only 0. With `old` (a switchover), its position is read and waited for once
 * more first: an account with READ_ONLY ADMIN may have written on it since the catch-up.
 */
export async function promote(x: StepContext, node: string, old: string | null = null): Promise<Result<string>> {
  let recheck = '';
  if (old) {
    const caught = await waitCaughtUp(x, node, old);
    if (!caught.ok) return caught;
    recheck = ` after a last catch-up check (${caught.value.split(';')[0]})`;
  }
  const st = await readNodeState(x.s, node, x.signal);
  if (!st.ok) return st;
  const before = describeState(st.value, x.nameOf);
  for (const ch of st.value.channels) {
    const named = ch.name !== '';
    const r = await x.s.run(node, [{ sql: MDB_SQL.stopChannel(named), values: nameArgs(ch) }, { sql: MDB_SQL.resetChannel(named), values: nameArgs(ch) }], x.signal);
    if (!r.ok) return r;
  }
  const w = await x.s.query(node, MDB_SQL.unfence, x.signal);
  if (!w.ok) return fail(w.code, `${MDB_SQL.unfence} on ${x.nameOf(node)}: ${w.reason}`);
  const end = await readNodeState(x.s, node, x.signal);
  if (!end.ok) return end;
  if (end.value.channels.length > 0 || end.value.readOnly) return fail('not-promoted', `${x.nameOf(node)} after promotion: ${describeState(end.value, x.nameOf)}`);
  return ok(`${x.nameOf(node)} is a primary${recheck}: ${describeState(end.value, x.nameOf)} (was: ${before})`);
}
