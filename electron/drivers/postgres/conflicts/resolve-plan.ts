import type { EnginePreview } from '../../../../shared/ipc/conflicts';
import { fail, ok, type Result } from '../../../../shared/result';
import { quoteIdent } from '../../../../shared/postgres/quote';
import { bound, describeStatement, formatted, plain, type PgStatement } from '../../../../shared/postgres/statement';
import type { ApplyConflict } from './apply-conflict';
import { PG15_SILENT_NOTE } from './apply-conflict';
import { sameTable, tableText, type KeyValues, type LocalTable } from './local-relation';
import type { RemoteChange } from './remote-transaction';
import { formatKey, keyOfRow } from './table-rows';

/** How a kept value maps to SQL on the subscriber. */
export type ResolutionMode = 'take-remote' | 'keep-local' | 'write-value';

export interface ResolutionPlan extends EnginePreview {
  mode: ResolutionMode;
  /** The subscriber node the statements run on, in one transaction. */
  nodeId: string;
  /** What is sent (`statements` is their text as shown). */
  steps: PgStatement[];
  /** The table by OID with the names the statements use: checked again just before running. */
  table: LocalTable;
}

/** JSON with sorted keys, so equal rows compare equal whatever their key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

/** `a = $n AND b = $n+1`: the key's text values as bind parameters, typed by the columns. */
function whereKey(key: KeyValues, from: number): string {
  return key.columns.map((c, i) => `${quoteIdent(c)} = $${from + i}`).join(' AND ');
}

function skippedOf(c: ApplyConflict): EnginePreview['skipped'] {
  const changes = c.transaction?.changes ?? [];
  return changes
    .filter((ch) => ch !== c.failed)
    .map((ch: RemoteChange) => {
      const row = ch.row ?? ch.oldRow;
      // Under REPLICA IDENTITY FULL every column is "key": name the row by the conflict's key columns instead.
      const sameAsConflict = sameTable(ch.relation ? { schema: ch.relation.namespace, name: ch.relation.name } : null, c.table);
      const columns = sameAsConflict && c.key ? c.key.columns : ch.keyColumns;
      const key = row ? keyOfRow(row, columns.length ? columns : Object.keys(row)) : null;
      return { table: ch.table, op: ch.op, key: key ? formatKey(key) : '', value: ch.row ?? ch.oldRow };
    });
}

/** `ALTER PUBLICATION` pairs that keep one delete from being published (restored in the same transaction). */
function withoutPublishingDeletes(c: ApplyConflict, statements: PgStatement[]): PgStatement[] {
  const set = (name: string, publish: string[]) => formatted('ALTER PUBLICATION %I SET (publish = %L)', name, publish.join(', '));
  const off = c.deletePublications.map((p) => set(p.name, p.publish.filter((x) => x !== 'delete')));
  const on = c.deletePublications.map((p) => set(p.name, p.publish));
  return [...off, ...statements, ...on];
}

/** `INSERT … ON CONFLICT (key) DO UPDATE`: the value ($1, jsonb) typed by the table, written as an update when the key exists. */
function upsert(table: string, key: KeyValues, value: unknown): PgStatement {
  const cols = Object.keys(value as object).filter((k) => !key.columns.includes(k));
  const update = cols.length ? `DO UPDATE SET ${cols.map((k) => `${quoteIdent(k)} = EXCLUDED.${quoteIdent(k)}`).join(', ')}` : 'DO NOTHING';
  const sql = `INSERT INTO ${table} SELECT * FROM jsonb_populate_record(NULL::${table}, $1::jsonb) ON CONFLICT (${key.columns.map(quoteIdent).join(', ')}) ${update}`;
  return bound(sql, JSON.stringify(value));
}

/**
 * The statements that resolve `c` with `value`, chosen by what the value is:
 * - the incoming row → take remote: delete the local row holding the key, then ENABLE (the worker applies the
 *   transaction again). The delete is kept out of the subscriber's own publications of the table for that one
 *   transaction: on PG15 the peer's apply worker finds a deleted row by primary key even under REPLICA IDENTITY FULL,
 *   so a published delete would remove the peer's row, the very row being taken;
 * - the local row → keep local: SKIP (lsn = finish LSN), then ENABLE;
 * - anything else → write it (typed by the table with jsonb_populate_record, as an update when the key exists, so it
 *   replicates as a new change), then SKIP and ENABLE.
 * A subscription still enabled (no disable_on_error, its worker retrying) gets no ENABLE: the next retry applies
 * the resolution. PG15 allows SKIP, ENABLE and ALTER PUBLICATION inside a transaction block: everything runs in one, so a refused
 * value changes nothing.
 */
export function planResolution(c: ApplyConflict, value: unknown): Result<ResolutionPlan> {
  const sub = c.subscription.name;
  // A subscription without disable_on_error stays enabled: its worker retries by itself and applies the resolution then.
  const retrying = c.subscription.enabled;
  const enable = retrying ? [] : [plain(`ALTER SUBSCRIPTION ${quoteIdent(sub)} ENABLE`)];
  const atRetry = `at its next retry, within wal_retrieve_retry_interval (${c.subscription.retryIntervalMs} ms here)`;
  const worker = retrying ? `the subscription stays enabled (no ENABLE needed): ${atRetry} its apply worker` : 'after ENABLE the apply worker';
  const skipAt = retrying ? ` The subscription stays enabled (no ENABLE needed): its apply worker skips the transaction ${atRetry}.` : '';
  if (!c.table || !c.key) return fail('details-unknown', `the key of this apply error is not known (${c.notes.join(' ') || 'no log and no slot to read'}): resolve it by hand in psql`);
  const table = tableText(c.table);
  const del = bound(`DELETE FROM ${table} WHERE ${whereKey(c.key, 1)}`, ...c.key.values);
  const base = { nodeId: c.subscriberId, table: c.table };
  const shown = (steps: PgStatement[]) => ({ steps, statements: steps.map(describeStatement) });
  const BEGIN = plain('BEGIN');
  const COMMIT = plain('COMMIT');
  const want = canonical(value);
  const skipped = skippedOf(c);
  const others = skipped.length ? `${skipped.length} other change(s) of remote transaction ${c.transaction?.xid ?? '?'}` : 'no other change';
  if (c.incoming !== null && want === canonical(c.incoming)) {
    if (c.kind !== 'insert-insert') return fail('not-supported', `taking the incoming row resolves a unique violation; this apply error is ${c.error?.sqlstate ?? 'of an unknown kind'} (${c.error?.message ?? ''}): fix the cause, or keep local / write a value`);
    const hidden = c.deletePublications.length ? ` The delete is not published (${c.deletePublications.map((p) => p.name).join(', ')} stop publishing deletes for this one transaction), so the peer keeps its row; a third subscriber of those publications would keep the old local row.` : '';
    return ok({
      ...base,
      mode: 'take-remote',
      ...shown([BEGIN, ...withoutPublishingDeletes(c, [del]), ...enable, COMMIT]),
      skipped: [],
      note: `Take remote: deletes the local row ${formatKey(c.key)} on ${c.subscriberId}; ${worker} applies the whole remote transaction again (nothing is skipped).${hidden} ${PG15_SILENT_NOTE}`,
    });
  }
  if (!c.finishLsn) return fail('details-unknown', 'the remote transaction’s finish LSN is not known (neither the log nor the slot could be read): SKIP needs it');
  const skip = formatted('ALTER SUBSCRIPTION %I SKIP (lsn = %L)', sub, c.finishLsn);
  const skipNote = `SKIP drops the whole remote transaction finished at ${c.finishLsn}, not only this row: ${others} will not be applied on ${c.subscriberId}.`;
  if (c.local && want === canonical(c.local.value)) {
    return ok({ ...base, mode: 'keep-local', ...shown([BEGIN, skip, ...enable, COMMIT]), skipped, note: `Keep local: ${skipNote}${skipAt} ${PG15_SILENT_NOTE}` });
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) return fail('invalid-choice', `a row is a JSON object of column values (or null to delete it), not ${JSON.stringify(value)}`);
  const write = value === null ? del : upsert(table, c.key, value);
  return ok({
    ...base,
    mode: 'write-value',
    ...shown([BEGIN, write, skip, ...enable, COMMIT]),
    skipped,
    note: `Write this value on ${c.subscriberId} as a new change that replicates (columns it leaves out become NULL; the table's types and constraints apply, and a refused value changes nothing). ${skipNote}${skipAt} ${PG15_SILENT_NOTE}`,
  });
}
