import { qualifiedName } from '../../../../shared/postgres/quote';
import { assertNever } from '../../../../shared/result';
import { decodeMessage, type PgOutputMessage, type RelationColumn, type TupleValue } from './pgoutput';

/** A row in text form, as the publisher sent it (unchanged TOAST columns left out). */
export type TextRow = Record<string, string | null>;

export interface RemoteChange {
  /** The publisher's relation as its Relation message names it (OID on the publisher, namespace, name). */
  relation: { relid: number; namespace: string; name: string } | null;
  /** `schema.table` for display, quoted by quote_ident rules. */
  table: string;
  op: 'insert' | 'update' | 'delete' | 'truncate';
  /** Replica-identity columns of the relation (primary key, or every column under REPLICA IDENTITY FULL). */
  keyColumns: string[];
  /** The new row (insert, update) or the old one (delete). */
  row: TextRow | null;
  oldRow: TextRow | null;
}

/** One remote transaction from the publisher's slot: what SKIP would drop, whole. */
export interface RemoteTransaction {
  xid: number;
  /** The commit record's LSN: "finished at" in an apply error, and what SKIP (lsn = …) takes. */
  finalLsn: string;
  commitTimeMs: number;
  origin: string | null;
  changes: RemoteChange[];
}

function rowOf(columns: readonly RelationColumn[], values: readonly TupleValue[]): TextRow {
  const row: TextRow = {};
  columns.forEach((col, i) => {
    const v = values[i];
    if (!v || v.kind === 'unchanged') return;
    row[col.name] = v.kind === 'null' ? null : v.text;
  });
  return row;
}

/**
 * Groups decoded pgoutput messages into transactions (Begin … Commit),
 * resolving relation ids with the Relation messages seen so far. A
 * transaction cut off before its Commit is left out.
 */
export function groupTransactions(messages: readonly PgOutputMessage[]): RemoteTransaction[] {
  const relations = new Map<number, Extract<PgOutputMessage, { kind: 'relation' }>>();
  const out: RemoteTransaction[] = [];
  let open: RemoteTransaction | null = null;
  const relation = (relid: number) => {
    const r = relations.get(relid);
    return r
      ? {
          relation: { relid, namespace: r.namespace, name: r.name },
          table: qualifiedName(r.namespace, r.name),
          columns: r.columns,
          keyColumns: r.columns.filter((c) => c.key).map((c) => c.name),
        }
      : { relation: null, table: `relation ${relid}`, columns: [], keyColumns: [] };
  };
  for (const m of messages) {
    switch (m.kind) {
      case 'begin':
        open = { xid: m.xid, finalLsn: m.finalLsn, commitTimeMs: m.commitTimeMs, origin: null, changes: [] };
        break;
      case 'commit':
        if (open) out.push(open);
        open = null;
        break;
      case 'origin':
        if (open) open.origin = m.name;
        break;
      case 'relation':
        relations.set(m.relid, m);
        break;
      case 'insert': {
        const r = relation(m.relid);
        open?.changes.push({ relation: r.relation, table: r.table, op: 'insert', keyColumns: r.keyColumns, row: rowOf(r.columns, m.newTuple), oldRow: null });
        break;
      }
      case 'update': {
        const r = relation(m.relid);
        const oldRow = m.oldTuple ? rowOf(r.columns, m.oldTuple) : null;
        open?.changes.push({ relation: r.relation, table: r.table, op: 'update', keyColumns: r.keyColumns, row: rowOf(r.columns, m.newTuple), oldRow });
        break;
      }
      case 'delete': {
        const r = relation(m.relid);
        const oldRow = rowOf(r.columns, m.oldTuple);
        open?.changes.push({ relation: r.relation, table: r.table, op: 'delete', keyColumns: r.keyColumns, row: null, oldRow });
        break;
      }
      case 'truncate':
        for (const relid of m.relids) {
          const r = relation(relid);
          open?.changes.push({ relation: r.relation, table: r.table, op: 'truncate', keyColumns: [], row: null, oldRow: null });
        }
        break;
      case 'type':
      case 'unknown':
        break;
      default:
        assertNever(m, 'pgoutput message');
    }
  }
  return out;
}

/** Decodes the rows of a peek (one pgoutput message each) into transactions. */
export function decodeTransactions(rows: readonly { data: Uint8Array }[]): RemoteTransaction[] {
  return groupTransactions(rows.map((r) => decodeMessage(r.data)));
}
