import type { EnginePreview } from '../../../../shared/ipc/conflicts';
import { canonical } from './canonical';
import { fail, ok, type Result } from '../../../../shared/result';
import { formatGtid, type Gtid } from '../gtid';
import type { MdbConflict } from './mariadb-conflict';
import { formatKey, keyWhere } from './row-key';
import { describeStatement, quoteIdent, stmt, tableRef, tableText, type MdbStatement } from './sql';
import { channelText, ownDomainsAhead, positionText, skipPosition } from './stopped-channel';

export type ResolutionMode = 'keep-local' | 'take-remote' | 'write-value';

/**
 * A statement of a plan. `guard` re-reads @@GLOBAL.gtid_slave_pos just before it and stops if it moved since the
 * plan; `undo` is run (latest first) when a later statement fails.
 */
export type PlanStep = MdbStatement & { guard?: 'slave-pos'; undo?: MdbStatement };

export interface ResolutionPlan extends EnginePreview {
  mode: ResolutionMode;
  /** The stopped server: every statement runs there, in a session of its own. */
  nodeId: string;
  steps: PlanStep[];
  /** The position the guard expects (the one read with the conflict). */
  basePos: Gtid[];
  failing: Gtid | null;
  channel: string;
}

const isRow = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * STOP SLAVE of the channels (each undone by START SLAVE if a later statement fails); SET GLOBAL gtid_slave_pos past
 * the failing GTID (guarded); START SLAVE of them.
 */
function skipSteps(c: MdbConflict, failing: Gtid): PlanStep[] {
  const set = stmt('SET GLOBAL gtid_slave_pos = ?', positionText(skipPosition(c.slavePos, failing)));
  // Strict mode refuses an entry behind the server's own binlog: off for this one SET, then on again.
  const relax = c.strictMode && ownDomainsAhead(c.slavePos, c.binlogPos).length > 0;
  const strictOn = stmt('SET GLOBAL gtid_strict_mode = 1');
  return [
    ...c.channels.map((ch): PlanStep => ({ ...stmt('STOP SLAVE ?', ch), undo: stmt('START SLAVE ?', ch) })),
    ...(relax ? [{ ...stmt('SET GLOBAL gtid_strict_mode = 0'), guard: 'slave-pos' as const, undo: strictOn }, set, strictOn] : [{ ...set, guard: 'slave-pos' as const }]),
    ...c.channels.map((ch) => stmt('START SLAVE ?', ch)),
  ];
}

/**
 * The statements that resolve `c` with `value`, chosen by what the value is:
 * - the local row → keep local: skip the failing GTID (SET GLOBAL gtid_slave_pos needs every channel stopped);
 * - the origin row (a duplicate key) → take remote: delete the local row without binlogging it (sql_log_bin = 0,
 *   so the origin keeps its row), then START SLAVE: the SQL thread applies the failing transaction again, whole;
 * - anything else → write it as a binlogged change (it replicates to the origin), then skip the failing GTID.
 * Pure; the runner (resolve-run.ts) observes the effect.
 */
export function planResolution(c: MdbConflict, value: unknown): Result<ResolutionPlan> {
  const failing = c.group?.gtid ?? null;
  const base = { nodeId: c.replicaId, basePos: c.slavePos, failing, channel: c.channel };
  const shown = (steps: PlanStep[]) => ({ steps, statements: steps.map(describeStatement) });
  const skipped: EnginePreview['skipped'] = (c.group?.changes ?? [])
    .filter((ch) => ch !== c.group?.failed)
    .map((ch) => ({ table: ch.mapped, op: ch.op, key: '(not decoded)', value: null }));
  if (!failing) return fail('details-unknown', `the failing GTID is not known (${c.notes.slice(1).join(' ')}): resolve it by hand`);
  const gtid = formatGtid(failing);
  const others = skipped.length ? `${skipped.length} other row event(s) of ${gtid} (listed) will not be applied on ${c.replicaId} either` : `no other row event of ${gtid} is dropped`;
  const skipNote = `Skipping moves @@gtid_slave_pos past ${gtid} in domain ${failing.domain} (every channel of ${c.replicaId} is stopped for it and started again${c.strictMode && ownDomainsAhead(c.slavePos, c.binlogPos).length ? '; gtid_strict_mode is off for that one SET, as strict mode refuses a slave position behind the server’s own binlog in its own domain, which must stay as it is' : ''}): the whole transaction is dropped on ${c.replicaId}; ${others}.`;
  const want = canonical(value);
  if (want === canonical(c.local)) {
    return ok({ ...base, mode: 'keep-local', ...shown(skipSteps(c, failing)), skipped, note: `Keep local: ${c.replicaId} keeps its row. ${skipNote}` });
  }
  if (!c.table || !c.key) return fail('details-unknown', `the key of this conflict is not known: only keep local (skip ${gtid}) is possible. ${c.notes.slice(1).join(' ')}`);
  const table = tableRef(c.table);
  const where = keyWhere(c.key);
  if (c.remote !== null && want === canonical(c.remote)) {
    if (c.kind !== 'insert-insert') return fail('not-supported', `taking the origin row resolves a duplicate key of an insert; this is ${c.kind} (error ${c.errno}): keep local or write a value`);
    const steps: PlanStep[] = [stmt('SET SESSION sql_log_bin = 0'), stmt(`DELETE FROM ${table} WHERE ${where.sql}`, ...where.values), stmt('SET SESSION sql_log_bin = 1'), stmt('START SLAVE ?', c.channel)];
    return ok({
      ...base,
      mode: 'take-remote',
      ...shown(steps),
      skipped: [],
      note:
        `Take remote: deletes ${c.replicaId}'s row ${formatKey(c.key)} without binlogging it (the origin keeps its row), then starts the SQL thread of ${channelText(c.channel)}: ` +
        `it applies ${gtid} again, whole, inserting the row as the failing event carries it (the origin's later changes follow). Nothing is skipped. If the event fails again, the resolution says so.`,
    });
  }
  if (value !== null && !isRow(value)) return fail('invalid-choice', `a row is a JSON object of column values (or null to delete it), not ${JSON.stringify(value)}`);
  if (isRow(value)) {
    // mysql2 expands an object or array bound to `?` into SQL of its own: only plain column values are bound.
    const nested = Object.keys(value).filter((k) => value[k] !== null && typeof value[k] === 'object');
    if (nested.length) return fail('invalid-choice', `column values are text, numbers, booleans or null; ${nested.join(', ')} ${nested.length > 1 ? 'are' : 'is'} not`);
    if (Object.keys(value).length === 0) return fail('invalid-choice', 'the value has no columns');
    const moved = c.key.columns.filter((col, i) => !Object.hasOwn(value, col) || String(value[col]) !== String(c.key!.values[i]));
    if (moved.length) return fail('invalid-choice', `the value must keep the key ${formatKey(c.key)} (it changes or leaves out ${moved.join(', ')})`);
  }
  const cols = isRow(value) ? Object.keys(value) : [];
  const write = isRow(value)
    ? stmt(
        `INSERT INTO ${table} (${cols.map(quoteIdent).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON DUPLICATE KEY UPDATE ${cols.map((k) => `${quoteIdent(k)} = VALUES(${quoteIdent(k)})`).join(', ')}`,
        ...cols.map((k) => value[k]),
      )
    : stmt(`DELETE FROM ${table} WHERE ${where.sql}`, ...where.values);
  return ok({
    ...base,
    mode: 'write-value',
    ...shown([write, ...skipSteps(c, failing)]),
    skipped,
    note:
      `Write this value on ${c.replicaId} into ${tableText(c.table)} as a binlogged change: it replicates to ${c.originId} (and on). Columns it leaves out keep their value ` +
      `(or their default in a new row); the table's types and constraints apply, and a refused value changes nothing. ${skipNote}`,
  });
}
