import type { EnginePreview } from '../../../../shared/ipc/conflicts';
import { fail, ok, type Result } from '../../../../shared/result';
import type { ApplyConflict } from './apply-conflict';
import { PG15_SILENT_NOTE } from './apply-conflict';
import type { KeyValues } from './jsonlog';
import type { RemoteChange } from './remote-transaction';
import { quoteIdent, quoteLiteral, quoteTable } from './sql-names';
import { formatKey, keyOfRow } from './table-rows';

/** How a kept value maps to SQL on the subscriber. */
export type ResolutionMode = 'take-remote' | 'keep-local' | 'write-value';

export interface ResolutionPlan extends EnginePreview {
  mode: ResolutionMode;
  /** The subscriber node the statements run on, in one transaction. */
  nodeId: string;
}

/** JSON with sorted keys, so equal rows compare equal whatever their key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

function whereKey(key: KeyValues): string {
  return key.columns.map((c, i) => `${quoteIdent(c)} = ${quoteLiteral(key.values[i]!)}`).join(' AND ');
}

function skippedOf(c: ApplyConflict): EnginePreview['skipped'] {
  const changes = c.transaction?.changes ?? [];
  return changes
    .filter((ch) => ch !== c.failed)
    .map((ch: RemoteChange) => {
      const row = ch.row ?? ch.oldRow;
      // Under REPLICA IDENTITY FULL every column is "key": name the row by the conflict's key columns instead.
      const columns = ch.table === c.table && c.key ? c.key.columns : ch.keyColumns;
      const key = row ? keyOfRow(row, columns.length ? columns : Object.keys(row)) : null;
      return { table: ch.table, op: ch.op, key: key ? formatKey(key) : '', value: ch.row ?? ch.oldRow };
    });
}

/** `ALTER PUBLICATION` pairs that keep one delete from being published (restored in the same transaction). */
function withoutPublishingDeletes(c: ApplyConflict, statements: string[]): string[] {
  const set = (name: string, publish: string[]) => `ALTER PUBLICATION ${quoteIdent(name)} SET (publish = ${quoteLiteral(publish.join(', '))})`;
  const off = c.deletePublications.map((p) => set(p.name, p.publish.filter((x) => x !== 'delete')));
  const on = c.deletePublications.map((p) => set(p.name, p.publish));
  return [...off, ...statements, ...on];
}

/** `INSERT … ON CONFLICT (key) DO UPDATE`: the value typed by the table, written as an update when the key exists. */
function upsert(table: string, key: KeyValues, value: unknown): string {
  const source = `jsonb_populate_record(NULL::${table}, ${quoteLiteral(JSON.stringify(value))}::jsonb)`;
  const cols = Object.keys(value as object).filter((k) => !key.columns.includes(k));
  const update = cols.length ? `DO UPDATE SET ${cols.map((k) => `${quoteIdent(k)} = EXCLUDED.${quoteIdent(k)}`).join(', ')}` : 'DO NOTHING';
  return `INSERT INTO ${table} SELECT * FROM ${source} ON CONFLICT (${key.columns.map(quoteIdent).join(', ')}) ${update}`;
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
  const sub = quoteIdent(c.subscription.name);
  // A subscription without disable_on_error stays enabled: its worker retries by itself and applies the resolution then.
  const retrying = c.subscription.enabled;
  const enable = retrying ? [] : [`ALTER SUBSCRIPTION ${sub} ENABLE`];
  const atRetry = `at its next retry, within wal_retrieve_retry_interval (${c.subscription.retryIntervalMs} ms here)`;
  const worker = retrying ? `the subscription stays enabled (no ENABLE needed): ${atRetry} its apply worker` : 'after ENABLE the apply worker';
  const skipAt = retrying ? ` The subscription stays enabled (no ENABLE needed): its apply worker skips the transaction ${atRetry}.` : '';
  if (!c.table || !c.key) return fail('details-unknown', `the key of this apply error is not known (${c.notes.join(' ') || 'no log and no slot to read'}): resolve it by hand in psql`);
  const table = quoteTable(c.table);
  const del = `DELETE FROM ${table} WHERE ${whereKey(c.key)}`;
  const base = { nodeId: c.subscriberId };
  const want = canonical(value);
  const skipped = skippedOf(c);
  const others = skipped.length ? `${skipped.length} other change(s) of remote transaction ${c.transaction?.xid ?? '?'}` : 'no other change';
  if (c.incoming !== null && want === canonical(c.incoming)) {
    if (c.kind !== 'insert-insert') return fail('not-supported', `taking the incoming row resolves a unique violation; this apply error is ${c.error?.sqlstate ?? 'of an unknown kind'} (${c.error?.message ?? ''}): fix the cause, or keep local / write a value`);
    const hidden = c.deletePublications.length ? ` The delete is not published (${c.deletePublications.map((p) => p.name).join(', ')} stop publishing deletes for this one transaction), so the peer keeps its row; a third subscriber of those publications would keep the old local row.` : '';
    return ok({
      ...base,
      mode: 'take-remote',
      statements: ['BEGIN', ...withoutPublishingDeletes(c, [del]), ...enable, 'COMMIT'],
      skipped: [],
      note: `Take remote: deletes the local row ${formatKey(c.key)} on ${c.subscriberId}; ${worker} applies the whole remote transaction again (nothing is skipped).${hidden} ${PG15_SILENT_NOTE}`,
    });
  }
  if (!c.finishLsn) return fail('details-unknown', 'the remote transaction’s finish LSN is not known (neither the log nor the slot could be read): SKIP needs it');
  const skip = `ALTER SUBSCRIPTION ${sub} SKIP (lsn = ${quoteLiteral(c.finishLsn)})`;
  const skipNote = `SKIP drops the whole remote transaction finished at ${c.finishLsn}, not only this row: ${others} will not be applied on ${c.subscriberId}.`;
  if (c.local && want === canonical(c.local.value)) {
    return ok({ ...base, mode: 'keep-local', statements: ['BEGIN', skip, ...enable, 'COMMIT'], skipped, note: `Keep local: ${skipNote}${skipAt} ${PG15_SILENT_NOTE}` });
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) return fail('invalid-choice', `a row is a JSON object of column values (or null to delete it), not ${JSON.stringify(value)}`);
  const write = value === null ? del : upsert(table, c.key, value);
  return ok({
    ...base,
    mode: 'write-value',
    statements: ['BEGIN', write, skip, ...enable, 'COMMIT'],
    skipped,
    note: `Write this value on ${c.subscriberId} as a new change that replicates (columns it leaves out become NULL; the table's types and constraints apply, and a refused value changes nothing). ${skipNote}${skipAt} ${PG15_SILENT_NOTE}`,
  });
}
