import { fail, ok, type Failure, type Result } from '../../../../shared/result';
import { gtidDistance, parseGtidList } from '../gtid';
import { describeChannel, describeState, readNodeState, type ChannelState } from './node-state';
import { pollUntil } from './session';
import { MDB_SQL } from './sql';
import type { StepContext } from './step-context';

/** A channel whose IO thread keeps failing this long is reported (wrong account, unreachable source). */
const IO_ERROR_GRACE_MS = 3_000;

/** Points `node`'s channel `name` at `to` by GTID (slave_pos) and starts it. */
async function changeMaster(x: StepContext, node: string, to: string, name: string): Promise<Result<unknown>> {
  const a = x.s.addressOf(to);
  if (!a.ok) return a;
  const { host, port } = a.value;
  const named = name !== '';
  const n = named ? [name] : [];
  return x.s.run(
    node,
    [
      { sql: MDB_SQL.changeMaster(named), values: [...n, host, port, x.replication.user, x.replication.password] },
      { sql: MDB_SQL.startChannel(named), values: n },
    ],
    x.signal,
  );
}

/** Done once the channel from `to` runs both threads; an IO error that lasts is a failure with the server's words. */
async function waitReplicating(x: StepContext, node: string, to: string): Promise<Result<string>> {
  const started = Date.now();
  const seen = await pollUntil<string | Failure>(
    async (): Promise<Result<string | Failure>> => {
      const st = await readNodeState(x.s, node, x.signal);
      if (!st.ok) return st;
      const ch = st.value.channels.find((c) => c.source === to);
      if (!ch) return fail('no-channel', `${x.nameOf(node)} has no channel from ${x.nameOf(to)}: ${describeState(st.value, x.nameOf)}`);
      if (ch.io === 'Yes' && ch.sql === 'Yes') return ok(describeState(st.value, x.nameOf));
      if ((ch.lastIoErrno || ch.lastSqlErrno) && Date.now() - started > IO_ERROR_GRACE_MS) return ok(fail('channel-error', `${x.nameOf(node)}: ${describeChannel(ch, x.nameOf)}`));
      return fail('starting', describeChannel(ch, x.nameOf));
    },
    `${x.nameOf(node)} to replicate from ${x.nameOf(to)}`,
    { timeoutMs: x.waitTimeoutMs, signal: x.signal, intervalMs: 50 },
  );
  if (!seen.ok) return seen;
  const v = seen.value;
  return typeof v === 'string' ? ok(v) : v;
}

function pick(channels: readonly ChannelState[], to: string): ChannelState | null {
  const already = channels.find((c) => c.source === to);
  return already ?? (channels.length === 1 ? channels[0]! : null);
}

/** A replica of the old primary follows the new one: STOP SLAVE, CHANGE MASTER TO … MASTER_USE_GTID = slave_pos, START SLAVE. */
export async function repoint(x: StepContext, node: string, to: string): Promise<Result<string>> {
  const st = await readNodeState(x.s, node, x.signal);
  if (!st.ok) return st;
  const ch = pick(st.value.channels, to);
  if (!ch) return fail('ambiguous-channel', `${x.nameOf(node)} has ${st.value.channels.length} channels: re-point it by hand (${describeState(st.value, x.nameOf)})`);
  if (!(ch.source === to && ch.io === 'Yes' && ch.sql === 'Yes')) {
    const stop = await x.s.query(node, MDB_SQL.stopChannel(ch.name !== ''), x.signal, ch.name === '' ? [] : [ch.name]);
    if (!stop.ok) return stop;
    const cm = await changeMaster(x, node, to, ch.name);
    if (!cm.ok) return cm;
  }
  const seen = await waitReplicating(x, node, to);
  return seen.ok ? ok(`${x.nameOf(node)} replicates from ${x.nameOf(to)} as '${x.replication.user}': ${seen.value}`) : seen;
}

/**
 * The fenced old primary becomes a replica of the new one. Its own
 * transactions are in its binlog, not in @@gtid_slave_pos, so that is set from
 * @@gtid_binlog_pos first; refused when it holds a transaction the new primary lacks.
 */
export async function rejoinOld(x: StepContext, node: string, to: string): Promise<Result<string>> {
  const [st, np] = [await readNodeState(x.s, node, x.signal), await readNodeState(x.s, to, x.signal)];
  if (!st.ok) return st;
  if (!np.ok) return fail(np.code, `reading ${x.nameOf(to)}: ${np.reason}`);
  const already = st.value.channels.find((c) => c.source === to);
  if (!already) {
    if (st.value.channels.length > 0) return fail('has-channels', `${x.nameOf(node)} replicates from elsewhere: ${describeState(st.value, x.nameOf)}`);
    const mine = parseGtidList(st.value.binlogPos);
    const theirs = parseGtidList(np.value.binlogState);
    if (!mine.ok || !theirs.ok) return fail('server-error', 'unreadable GTID position');
    const ahead = gtidDistance(mine.value, theirs.value);
    if (ahead.total > 0) return fail('diverged', `${x.nameOf(node)} has ${ahead.total} transaction(s) of @@gtid_binlog_pos '${st.value.binlogPos}' that ${x.nameOf(to)} lacks: rejoining would lose them; left fenced`);
    const set = await x.s.query(node, MDB_SQL.slavePosFromBinlog, x.signal);
    if (!set.ok) return set;
    const cm = await changeMaster(x, node, to, '');
    if (!cm.ok) return cm;
  }
  const seen = await waitReplicating(x, node, to);
  return seen.ok ? ok(`${x.nameOf(node)} rejoined as a replica of ${x.nameOf(to)} from @@gtid_slave_pos '${st.value.binlogPos}': ${seen.value}`) : seen;
}
