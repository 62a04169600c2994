import { describe, expect, it } from 'vitest';
import { decodeMessage, PgOutputError } from '../../../../../electron/drivers/postgres/conflicts/pgoutput';
import { decodeTransactions, groupTransactions } from '../../../../../electron/drivers/postgres/conflicts/remote-transaction';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

/** Captured from a real PG15 slot: BEGIN; INSERT (1,'a','from-a',1); INSERT (2,'a','second',2); COMMIT on items(id, owner, val, qty). */
const PEEKED = [
  '42000000000152f240000303fcaeefe0ba000002da',
  '52000040007075626c6963006974656d73006600040169640000000017ffffffff016f776e65720000000019ffffffff0176616c0000000019ffffffff017174790000000017ffffffff',
  '49000040004e0004740000000131740000000161740000000666726f6d2d61740000000131',
  '49000040004e000474000000013274000000016174000000067365636f6e64740000000132',
  '4300000000000152f240000000000152f270000303fcaeefe0ba',
].map((h) => ({ data: hex(h) }));

describe('pgoutput v1 decoder', () => {
  it('decodes Begin with the final LSN, commit time and xid', () => {
    const m = decodeMessage(PEEKED[0]!.data);
    expect(m).toEqual({ kind: 'begin', finalLsn: '0/152F240', commitTimeMs: expect.any(Number), xid: 730 });
    if (m.kind !== 'begin') throw new Error('not a begin');
    // 2026, from microseconds since 2000-01-01.
    expect(new Date(m.commitTimeMs).getUTCFullYear()).toBe(2026);
  });

  it('decodes Relation with REPLICA IDENTITY FULL (every column flagged as key) and Commit', () => {
    const r = decodeMessage(PEEKED[1]!.data);
    expect(r).toMatchObject({ kind: 'relation', namespace: 'public', name: 'items', replicaIdentity: 'f' });
    if (r.kind !== 'relation') throw new Error('not a relation');
    expect(r.columns.map((c) => [c.name, c.typeOid, c.key])).toEqual([
      ['id', 23, true],
      ['owner', 25, true],
      ['val', 25, true],
      ['qty', 23, true],
    ]);
    expect(decodeMessage(PEEKED[4]!.data)).toMatchObject({ kind: 'commit', commitLsn: '0/152F240', endLsn: '0/152F270' });
  });

  it('groups a peek into transactions with text rows', () => {
    const [t, ...rest] = decodeTransactions(PEEKED);
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ xid: 730, finalLsn: '0/152F240', origin: null });
    expect(t!.changes).toEqual([
      { relation: { relid: expect.any(Number), namespace: 'public', name: 'items' }, table: 'public.items', op: 'insert', keyColumns: ['id', 'owner', 'val', 'qty'], row: { id: '1', owner: 'a', val: 'from-a', qty: '1' }, oldRow: null },
      { relation: { relid: expect.any(Number), namespace: 'public', name: 'items' }, table: 'public.items', op: 'insert', keyColumns: ['id', 'owner', 'val', 'qty'], row: { id: '2', owner: 'a', val: 'second', qty: '2' }, oldRow: null },
    ]);
  });

  it('decodes Update with an old tuple, Delete, Origin, null and unchanged-TOAST columns', () => {
    // U relid=0x4000 'O' (2 cols: 't' "1", 'n') 'N' (2 cols: 't' "1", 'u')
    const u = decodeMessage(hex('550000400' + '04f' + '0002' + '74000000013' + '1' + '6e' + '4e' + '0002' + '740000000131' + '75'));
    expect(u).toEqual({
      kind: 'update',
      relid: 0x4000,
      oldKind: 'old',
      oldTuple: [{ kind: 'text', text: '1' }, { kind: 'null' }],
      newTuple: [{ kind: 'text', text: '1' }, { kind: 'unchanged' }],
    });
    const d = decodeMessage(hex('44000040004b0001740000000137'));
    expect(d).toEqual({ kind: 'delete', relid: 0x4000, oldKind: 'key', oldTuple: [{ kind: 'text', text: '7' }] });
    const o = decodeMessage(hex('4f' + '0000000000000010' + Buffer.from('node_b\0').toString('hex')));
    expect(o).toEqual({ kind: 'origin', lsn: '0/10', name: 'node_b' });
  });

  it('keeps an update (without old tuple) and a delete in one transaction, and drops a transaction cut before Commit', () => {
    const rel = decodeMessage(PEEKED[1]!.data);
    const begin = decodeMessage(PEEKED[0]!.data);
    const commit = decodeMessage(PEEKED[4]!.data);
    const txns = groupTransactions([
      rel,
      begin,
      { kind: 'update', relid: 0x4000, oldTuple: null, oldKind: null, newTuple: [{ kind: 'text', text: '5' }, { kind: 'null' }, { kind: 'unchanged' }, { kind: 'text', text: '0' }] },
      { kind: 'delete', relid: 0x4000, oldKind: 'old', oldTuple: [{ kind: 'text', text: '6' }, { kind: 'text', text: 'a' }, { kind: 'null' }, { kind: 'null' }] },
      commit,
      begin,
    ]);
    expect(txns).toHaveLength(1);
    expect(txns[0]!.changes.map((c) => [c.op, c.row, c.oldRow])).toEqual([
      ['update', { id: '5', owner: null, qty: '0' }, null],
      ['delete', null, { id: '6', owner: 'a', val: null, qty: null }],
    ]);
  });

  it('refuses truncated and malformed messages with a precise error', () => {
    expect(() => decodeMessage(PEEKED[0]!.data.subarray(0, 10))).toThrow(PgOutputError);
    expect(() => decodeMessage(hex('49000040004e0001780000'))).toThrow(/unknown tuple column kind 'x'/);
    expect(() => decodeMessage(hex('4400004000580000'))).toThrow(/expected 'K' or 'O'/);
    expect(decodeMessage(hex('5a'))).toEqual({ kind: 'unknown', tag: 'Z' });
  });
});
