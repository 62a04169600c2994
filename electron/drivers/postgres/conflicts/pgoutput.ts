/**
 * A decoder for pgoutput protocol version 1, the stream a logical slot gives
 * `pg_logical_slot_peek_binary_changes(slot, NULL, NULL, 'proto_version', '1',
 * 'publication_names', …)`: one message per row. Pure: bytes in, messages out.
 * See "Logical Replication Message Formats" in the PostgreSQL manual.
 */

/** One column of a tuple: null, an unchanged TOAST value (not sent), or its text form. */
export type TupleValue = { kind: 'null' } | { kind: 'unchanged' } | { kind: 'text'; text: string };

export interface RelationColumn {
  name: string;
  typeOid: number;
  typmod: number;
  /** Part of the replica identity (flag 1). */
  key: boolean;
}

export type PgOutputMessage =
  /** finalLsn: the commit record's LSN, the "finished at" of an apply error and what SKIP takes. */
  | { kind: 'begin'; finalLsn: string; commitTimeMs: number; xid: number }
  | { kind: 'commit'; commitLsn: string; endLsn: string; commitTimeMs: number }
  | { kind: 'origin'; lsn: string; name: string }
  | { kind: 'relation'; relid: number; namespace: string; name: string; replicaIdentity: string; columns: RelationColumn[] }
  | { kind: 'type'; typeOid: number; namespace: string; name: string }
  | { kind: 'insert'; relid: number; newTuple: TupleValue[] }
  /** `oldTuple` is the old key ('K') or whole old row ('O', REPLICA IDENTITY FULL), when sent. */
  | { kind: 'update'; relid: number; oldTuple: TupleValue[] | null; oldKind: 'key' | 'old' | null; newTuple: TupleValue[] }
  | { kind: 'delete'; relid: number; oldTuple: TupleValue[]; oldKind: 'key' | 'old' }
  | { kind: 'truncate'; relids: number[]; cascade: boolean; restartIdentity: boolean }
  | { kind: 'unknown'; tag: string };

/** Microseconds from the Unix epoch to PostgreSQL's epoch, 2000-01-01. */
const PG_EPOCH_US = 946_684_800_000_000n;

export class PgOutputError extends Error {}

/** A read cursor over one message; every read checks bounds. */
class Cursor {
  private at = 0;
  constructor(private readonly b: Uint8Array) {}

  private need(n: number): void {
    if (this.at + n > this.b.length) throw new PgOutputError(`message ends at byte ${this.b.length}, needed ${n} more at ${this.at}`);
  }
  u8(): number {
    this.need(1);
    return this.b[this.at++]!;
  }
  char(): string {
    return String.fromCharCode(this.u8());
  }
  peekChar(): string {
    this.need(1);
    return String.fromCharCode(this.b[this.at]!);
  }
  i16(): number {
    this.need(2);
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.at, 2).getInt16(0);
    this.at += 2;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.at, 4).getInt32(0);
    this.at += 4;
    return v;
  }
  u32(): number {
    return this.i32() >>> 0;
  }
  i64(): bigint {
    this.need(8);
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.at, 8).getBigInt64(0);
    this.at += 8;
    return v;
  }
  /** An LSN as PostgreSQL prints it: `hi/lo` in upper-case hex. */
  lsn(): string {
    const v = BigInt.asUintN(64, this.i64());
    return `${(v >> 32n).toString(16).toUpperCase()}/${(v & 0xffffffffn).toString(16).toUpperCase()}`;
  }
  /** A timestamp (µs since 2000-01-01) as epoch milliseconds. */
  timeMs(): number {
    return Number((this.i64() + PG_EPOCH_US) / 1000n);
  }
  cstring(): string {
    const end = this.b.indexOf(0, this.at);
    if (end < 0) throw new PgOutputError(`unterminated string at byte ${this.at}`);
    const s = new TextDecoder().decode(this.b.subarray(this.at, end));
    this.at = end + 1;
    return s;
  }
  bytes(n: number): Uint8Array {
    if (n < 0) throw new PgOutputError(`negative length ${n}`);
    this.need(n);
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

function tuple(c: Cursor): TupleValue[] {
  const n = c.i16();
  const out: TupleValue[] = [];
  for (let i = 0; i < n; i += 1) {
    const k = c.char();
    if (k === 'n') out.push({ kind: 'null' });
    else if (k === 'u') out.push({ kind: 'unchanged' });
    else if (k === 't' || k === 'b') out.push({ kind: 'text', text: new TextDecoder().decode(c.bytes(c.i32())) });
    else throw new PgOutputError(`unknown tuple column kind '${k}'`);
  }
  return out;
}

function oldKindOf(tag: string): 'key' | 'old' {
  if (tag === 'K') return 'key';
  if (tag === 'O') return 'old';
  throw new PgOutputError(`expected 'K' or 'O' before an old tuple, got '${tag}'`);
}

/** Decodes one pgoutput v1 message. Throws PgOutputError on a malformed one. */
export function decodeMessage(bytes: Uint8Array): PgOutputMessage {
  const c = new Cursor(bytes);
  const tag = c.char();
  switch (tag) {
    case 'B':
      return { kind: 'begin', finalLsn: c.lsn(), commitTimeMs: c.timeMs(), xid: c.u32() };
    case 'C': {
      c.u8();
      return { kind: 'commit', commitLsn: c.lsn(), endLsn: c.lsn(), commitTimeMs: c.timeMs() };
    }
    case 'O':
      return { kind: 'origin', lsn: c.lsn(), name: c.cstring() };
    case 'R': {
      const relid = c.u32();
      const namespace = c.cstring();
      const name = c.cstring();
      const replicaIdentity = c.char();
      const n = c.i16();
      const columns: RelationColumn[] = [];
      for (let i = 0; i < n; i += 1) {
        const flags = c.u8();
        columns.push({ key: (flags & 1) === 1, name: c.cstring(), typeOid: c.u32(), typmod: c.i32() });
      }
      return { kind: 'relation', relid, namespace: namespace || 'pg_catalog', name, replicaIdentity, columns };
    }
    case 'Y':
      return { kind: 'type', typeOid: c.u32(), namespace: c.cstring(), name: c.cstring() };
    case 'I': {
      const relid = c.u32();
      if (c.char() !== 'N') throw new PgOutputError('expected a new tuple (N) in an insert');
      return { kind: 'insert', relid, newTuple: tuple(c) };
    }
    case 'U': {
      const relid = c.u32();
      let oldTuple: TupleValue[] | null = null;
      let oldKind: 'key' | 'old' | null = null;
      if (c.peekChar() !== 'N') {
        oldKind = oldKindOf(c.char());
        oldTuple = tuple(c);
      }
      if (c.char() !== 'N') throw new PgOutputError('expected a new tuple (N) in an update');
      return { kind: 'update', relid, oldTuple, oldKind, newTuple: tuple(c) };
    }
    case 'D': {
      const relid = c.u32();
      const oldKind = oldKindOf(c.char());
      return { kind: 'delete', relid, oldKind, oldTuple: tuple(c) };
    }
    case 'T': {
      const n = c.i32();
      const options = c.u8();
      const relids = Array.from({ length: n }, () => c.u32());
      return { kind: 'truncate', relids, cascade: (options & 1) === 1, restartIdentity: (options & 2) === 2 };
    }
    default:
      return { kind: 'unknown', tag };
  }
}
