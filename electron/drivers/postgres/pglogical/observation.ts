import type { ConflictKind } from '../../../../shared/model/conflict';
import { ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';
import { tableText, uniqueKeys, type KeyValues } from '../conflicts/local-relation';
import { formatKey, typeRow } from '../conflicts/table-rows';
import { originNode, tableOf, type PglCatalog, type PglTable } from './catalog';
import type { PglConflictLine, PglTupleSide } from './conflict-log';
import { keptSide, kindOf, ruleText } from './rule';
import { splitTuple } from './tuple-text';

/** One version as one node's log gives it. */
export interface ObservedVersion {
  /** pglogical node name that wrote it (null when the origin cannot be named). */
  origin: string | null;
  /** The row typed by the table (to_jsonb form), or null for a deletion. */
  value: Record<string, unknown> | null;
  committedAt: number;
  /** False when the commit time is not in the log (the local deletion of a "tuple not found"). */
  timeKnown: boolean;
  position: string | null;
  /** False when the tuple's text could not be split unambiguously. */
  exact: boolean;
}

/** One conflict line, read against the logging node's catalog. */
export interface Observation {
  loggedOn: string;
  at: number;
  table: PglTable;
  tableText: string;
  key: KeyValues | null;
  keyText: string;
  kind: ConflictKind;
  local: ObservedVersion;
  remote: ObservedVersion;
  kept: 'local' | 'remote' | null;
  outcome: string;
  rule: string;
  policy: string | null;
  error: boolean;
  subscriptionId: number | null;
  commitLsn: string | null;
}

async function version(conn: NodeConnection, table: PglTable, side: PglTupleSide, deletion: boolean, origin: string | null, signal: AbortSignal): Promise<Result<ObservedVersion>> {
  const base = { origin, committedAt: side.committedAt, timeKnown: true, position: null };
  if (deletion || !side.text) return ok({ ...base, value: null, exact: true });
  const split = splitTuple(side.text, table.columns);
  if (!split) return ok({ ...base, value: null, exact: false });
  const typed = await typeRow(conn, table, split.values, signal);
  return typed.ok ? ok({ ...base, value: typed.value, exact: split.exact }) : typed;
}

/** The key from whichever tuple has every key column (the remote tuple of a delete holds only the key). */
function keyOf(line: PglConflictLine, table: PglTable, columns: string[]): KeyValues | null {
  for (const side of [line.remote, line.local]) {
    const split = side?.text ? splitTuple(side.text, table.columns) : null;
    if (!split || columns.some((c) => split.values[c] === null || split.values[c] === undefined)) continue;
    return { columns, values: columns.map((c) => split.values[c]!) };
  }
  return null;
}

/** Reads one line into an observation; null when its table is not one pglogical replicates here. */
export async function observe(nodeId: string, conn: NodeConnection, catalog: PglCatalog, line: PglConflictLine, signal: AbortSignal): Promise<Result<Observation | null>> {
  const table = tableOf(catalog, line.relationText);
  if (!table) return ok(null);
  const keys = await uniqueKeys(conn, table, signal);
  if (!keys.ok) return keys;
  const key = keyOf(line, table, keys.value[0] ?? []);
  const here = catalog.localNode;
  const remoteOrigin = line.remote ? originNode(catalog, line.remote.origin, line.subscriptionId, 'remote') : null;
  const remoteDeletes = line.op === 'DELETE';
  let remote: ObservedVersion = { origin: remoteOrigin, value: null, committedAt: line.at, timeKnown: false, position: line.commitLsn, exact: false };
  if (line.remote) {
    const v = await version(conn, table, line.remote, remoteDeletes, remoteOrigin, signal);
    if (!v.ok) return v;
    // An ERROR line has no tuple: the incoming row is not in the log (exact false, value unknown).
    remote = { ...v.value, position: line.commitLsn, exact: v.value.exact && !!line.remote.text };
  }
  let local: ObservedVersion;
  if (line.local) {
    const v = await version(conn, table, line.local, false, originNode(catalog, line.local.origin, null, 'local'), signal);
    if (!v.ok) return v;
    local = v.value;
  } else {
    // "tuple not found": the row was deleted on this node (by it, or by a change it applied); the log has no time for it.
    local = { origin: here, value: null, committedAt: line.at, timeKnown: false, position: null, exact: true };
  }
  return ok({
    loggedOn: nodeId,
    at: line.at,
    table,
    tableText: tableText(table),
    key,
    keyText: key ? formatKey(key) : '(unknown key)',
    kind: kindOf(line),
    local,
    remote,
    kept: keptSide(line),
    outcome: line.outcome ?? 'error',
    rule: ruleText(line, catalog.resolution, here ?? nodeId),
    policy: catalog.resolution,
    error: line.severity === 'ERROR',
    subscriptionId: line.subscriptionId,
    commitLsn: line.commitLsn,
  });
}
