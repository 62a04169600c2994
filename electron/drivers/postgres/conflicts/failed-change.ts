import { ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';
import type { ApplyError } from './jsonlog';
import { subscribedTable, uniqueKeys, type KeyValues, type LocalTable } from './local-relation';
import type { RemoteChange, RemoteTransaction } from './remote-transaction';
import { keyOfRow, readRow } from './table-rows';

/** The change that stopped the apply worker, the subscriber's table it lands in (by OID) and its key (catalog columns, decoded values). */
export interface LocatedChange {
  change: RemoteChange;
  table: LocalTable;
  key: KeyValues | null;
}

/** Local-row probes per inspection at most: a huge transaction is not scanned row by row. */
const MAX_PROBES = 200;

/**
 * Finds the failed change of `t` without reading any name from the log: each
 * change's relation comes from its pgoutput Relation message and is mapped to
 * the subscriber's table through pg_subscription_rel; its key columns are the
 * table's unique keys from pg_index (primary key first). A unique violation
 * (23505) on an insert is the first insert whose key already holds a local row
 * (the transaction's earlier changes were rolled back with it). Otherwise the
 * first change of the logged operation.
 */
export async function locateFailed(conn: NodeConnection, subscriptionOid: number, t: RemoteTransaction, e: ApplyError | null, signal: AbortSignal): Promise<Result<LocatedChange | null>> {
  const op = e?.operation?.toLowerCase();
  const candidates = t.changes.filter((c) => c.relation && (!op || c.op === op));
  const tables = new Map<number, { table: LocalTable; keys: string[][] } | null>();
  let first: LocatedChange | null = null;
  let probes = 0;
  for (const change of candidates) {
    const rel = change.relation!;
    if (!tables.has(rel.relid)) {
      const table = await subscribedTable(conn, subscriptionOid, rel, signal);
      if (!table.ok) return table;
      const keys = table.value ? await uniqueKeys(conn, table.value, signal) : ok([]);
      if (!keys.ok) return keys;
      tables.set(rel.relid, table.value ? { table: table.value, keys: keys.value } : null);
    }
    const local = tables.get(rel.relid);
    if (!local) continue;
    const row = change.row ?? change.oldRow;
    const keyOf = (cols: readonly string[]) => (row && cols.length ? keyOfRow(row, cols) : null);
    const keys = local.keys.map(keyOf).filter((k): k is KeyValues => k !== null);
    first ??= { change, table: local.table, key: keys[0] ?? keyOf(change.keyColumns) };
    if (e?.sqlstate !== '23505' || change.op !== 'insert') continue;
    for (const key of keys) {
      if (probes >= MAX_PROBES) return ok(first);
      probes += 1;
      const held = await readRow(conn, local.table, key, signal);
      // A missing grant is reported when the local row is read for the inbox.
      if (!held.ok) return ok(first);
      if (held.value.value !== null) return ok({ change, table: local.table, key });
    }
  }
  return ok(first);
}
