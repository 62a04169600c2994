import { describe, expect, it } from 'vitest';
import { failedEndPos, parseFailingGroup, type BinlogEventRow } from '../../../../../electron/drivers/mariadb/conflicts/failing-event';
import { tableCandidates } from '../../../../../electron/drivers/mariadb/conflicts/table-keys';

// As SHOW BINLOG EVENTS printed them on 10.11.19 (test/integration/mariadb-conflicts.test.ts).
const group: BinlogEventRow[] = [
  { pos: 1014, endLogPos: 1056, type: 'Gtid', info: 'BEGIN GTID 1-11-3' },
  { pos: 1056, endLogPos: 1122, type: 'Annotate_rows', info: "INSERT INTO rd.items VALUES (1,'from-m1',1)" },
  { pos: 1122, endLogPos: 1172, type: 'Table_map', info: 'table_id: 19 (rd.items)' },
  { pos: 1172, endLogPos: 1222, type: 'Write_rows_v1', info: 'table_id: 19 flags: STMT_END_F' },
  { pos: 1222, endLogPos: 1278, type: 'Annotate_rows', info: "INSERT INTO rd.t (v) VALUES ('x')" },
  { pos: 1278, endLogPos: 1323, type: 'Table_map', info: 'table_id: 23 (rd.t)' },
  { pos: 1323, endLogPos: 1363, type: 'Delete_rows_v1', info: 'table_id: 23 flags: STMT_END_F' },
  { pos: 1363, endLogPos: 1394, type: 'Xid', info: 'COMMIT /* xid=33 */' },
  { pos: 1394, endLogPos: 1436, type: 'Gtid', info: 'BEGIN GTID 1-11-4' },
  { pos: 1436, endLogPos: 1486, type: 'Table_map', info: 'table_id: 19 (rd.items)' },
];

describe('the failing event group from SHOW BINLOG EVENTS', () => {
  it('reads the GTID, every row event with its mapped table, and the failing one by its end position', () => {
    const r = parseFailingGroup(group, 1222);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.gtid).toEqual({ domain: 1, server: 11, seq: 3n });
    expect(r.value.changes.map((c) => [c.op, c.mapped, c.endLogPos])).toEqual([
      ['insert', 'rd.items', 1222],
      ['delete', 'rd.t', 1363],
    ]);
    expect(r.value.failed?.mapped).toBe('rd.items');
    expect(parseFailingGroup(group, 1363).ok && parseFailingGroup(group, 1363)).toMatchObject({ value: { failed: { op: 'delete', mapped: 'rd.t' } } });
  });

  it('does not guess the failing event of a group with several when the end position is unknown', () => {
    const r = parseFailingGroup(group, null);
    expect(r.ok && r.value.failed).toBeNull();
    const one = parseFailingGroup(group.slice(0, 4), null);
    expect(one.ok && one.value.failed?.mapped).toBe('rd.items');
  });

  it('fails clearly when the stop position is not a Gtid event or the binlog is empty there', () => {
    expect(parseFailingGroup(group.slice(2), 1222)).toMatchObject({ ok: false, code: 'details-unknown', reason: expect.stringContaining('Table_map') });
    expect(parseFailingGroup([], 1222)).toMatchObject({ ok: false, code: 'details-unknown' });
    expect(parseFailingGroup([{ pos: 4, endLogPos: 9, type: 'Gtid', info: 'BEGIN GTID x' }], null)).toMatchObject({ ok: false });
  });

  it('takes a number from Last_SQL_Error, never a name', () => {
    expect(failedEndPos("Could not execute Write_rows_v1 event on table rd.items; Duplicate entry '1' for key 'PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's master log mariadb-bin.000001, end_log_pos 1222")).toBe(1222);
    expect(failedEndPos('Error executing row event')).toBeNull();
  });

  it('splits a mapped name every way it can be read (names may hold dots); the catalog picks one', () => {
    expect(tableCandidates('rd.items')).toEqual([{ schema: 'rd', name: 'items' }]);
    expect(tableCandidates('a.b.c')).toEqual([
      { schema: 'a', name: 'b.c' },
      { schema: 'a.b', name: 'c' },
    ]);
    expect(tableCandidates('nodot')).toEqual([]);
    expect(tableCandidates('.x')).toEqual([]);
  });
});
