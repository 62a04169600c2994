import { describe, expect, it } from 'vitest';
import type { MdbConflict } from '../../../../../electron/drivers/mariadb/conflicts/mariadb-conflict';
import { kindOf, toEvent } from '../../../../../electron/drivers/mariadb/conflicts/mariadb-conflict';
import { planResolution } from '../../../../../electron/drivers/mariadb/conflicts/resolve-plan';
import { duplicateEntry } from '../../../../../electron/drivers/mariadb/conflicts/row-key';
import { quoteIdent } from '../../../../../electron/drivers/mariadb/conflicts/sql';
import { hasPassed, ownDomainsAhead, skipPosition } from '../../../../../electron/drivers/mariadb/conflicts/stopped-channel';
import { addressOf } from '../../../../../electron/drivers/mariadb/server-address';
import { gtids } from '../fixtures';

const local = { id: 1, val: 'from-m2', qty: 5 };
const remote = { id: 1, val: 'from-m1', qty: 1 };
const failing = gtids('1-11-3')[0]!;

function conflict(over: Partial<MdbConflict> = {}): MdbConflict {
  const group = {
    gtid: failing,
    changes: [
      { op: 'insert' as const, tableId: 19, mapped: 'rd.items', endLogPos: 1222 },
      { op: 'insert' as const, tableId: 19, mapped: 'rd.items', endLogPos: 1300 },
    ],
    failed: null,
  };
  const c: MdbConflict = {
    id: 'mdb:127.0.0.1:2:default:1-11-3',
    replicaId: '127.0.0.1:2',
    replica: addressOf('127.0.0.1', 2),
    channel: '',
    originId: '127.0.0.1:1',
    origin: addressOf('127.0.0.1', 1),
    errno: 1062,
    error: "Duplicate entry '1' for key 'PRIMARY'",
    stop: 's',
    group: { ...group, failed: group.changes[0]! },
    table: { schema: 'rd', name: 'items' },
    key: { columns: ['id'], values: [1] },
    local,
    remote,
    slavePos: gtids('1-11-2,2-12-2'),
    binlogPos: gtids('1-11-2,2-12-3'),
    strictMode: true,
    channels: [''],
    kind: 'insert-insert',
    notes: ['stopped'],
    detectedAt: 5,
    complete: true,
    ...over,
  };
  return c;
}

describe('MariaDB conflict resolution plans', () => {
  it('keep local skips the failing GTID, keeping the own domain as it is with strict mode off for that SET', () => {
    const p = planResolution(conflict(), { ...local });
    if (!p.ok) throw new Error(p.reason);
    expect(p.value.mode).toBe('keep-local');
    expect(p.value.statements).toEqual([
      'STOP SLAVE ? -- ?1 = ""',
      'SET GLOBAL gtid_strict_mode = 0',
      'SET GLOBAL gtid_slave_pos = ? -- ?1 = "1-11-3,2-12-2"',
      'SET GLOBAL gtid_strict_mode = 1',
      'START SLAVE ? -- ?1 = ""',
    ]);
    expect(p.value.steps[0]!.undo?.sql).toBe('START SLAVE ?');
    expect(p.value.steps[1]).toMatchObject({ guard: 'slave-pos', undo: { sql: 'SET GLOBAL gtid_strict_mode = 1' } });
    expect(p.value.skipped).toEqual([{ table: 'rd.items', op: 'insert', key: '(not decoded)', value: null }]);
  });

  it('without strict mode (or no own domain ahead) the SET is guarded on its own', () => {
    const p = planResolution(conflict({ strictMode: false }), local);
    expect(p.ok && p.value.statements).toEqual(['STOP SLAVE ? -- ?1 = ""', 'SET GLOBAL gtid_slave_pos = ? -- ?1 = "1-11-3,2-12-2"', 'START SLAVE ? -- ?1 = ""']);
    expect(p.ok && p.value.steps[1]!.guard).toBe('slave-pos');
  });

  it('take remote deletes the local row unlogged and applies the event again, quoting names and binding the key', () => {
    const p = planResolution(conflict({ table: { schema: 'r`d', name: 'it ems' } }), { ...remote });
    if (!p.ok) throw new Error(p.reason);
    expect(p.value.mode).toBe('take-remote');
    expect(p.value.statements).toEqual(['SET SESSION sql_log_bin = 0', 'DELETE FROM `r``d`.`it ems` WHERE `id` = ? -- ?1 = 1', 'SET SESSION sql_log_bin = 1', 'START SLAVE ? -- ?1 = ""']);
    expect(p.value.skipped).toEqual([]);
    expect(planResolution(conflict({ kind: 'update-update' }), remote)).toMatchObject({ ok: false, code: 'not-supported' });
  });

  it('a typed value is written as a binlogged upsert, then the failing GTID is skipped', () => {
    const p = planResolution(conflict(), { id: 1, val: "it's", qty: 2 });
    if (!p.ok) throw new Error(p.reason);
    expect(p.value.mode).toBe('write-value');
    expect(p.value.statements[0]).toBe(
      'INSERT INTO `rd`.`items` (`id`, `val`, `qty`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`), `val` = VALUES(`val`), `qty` = VALUES(`qty`) -- ?1 = 1, ?2 = "it\'s", ?3 = 2',
    );
    expect(p.value.statements.slice(1, 2)).toEqual(['STOP SLAVE ? -- ?1 = ""']);
    expect(planResolution(conflict(), null)).toMatchObject({ ok: true, value: { statements: expect.arrayContaining(['DELETE FROM `rd`.`items` WHERE `id` = ? -- ?1 = 1']) } });
  });

  it('refuses bad values and what it does not know, clearly', () => {
    expect(planResolution(conflict(), [1, 2])).toMatchObject({ ok: false, code: 'invalid-choice' });
    expect(planResolution(conflict(), { id: 1, val: { toSqlString: 'x' } })).toMatchObject({ ok: false, code: 'invalid-choice', reason: expect.stringContaining('val is not') });
    expect(planResolution(conflict(), { id: 1, val: [1, 2] })).toMatchObject({ ok: false, code: 'invalid-choice' });
    expect(planResolution(conflict(), {})).toMatchObject({ ok: false, code: 'invalid-choice' });
    expect(planResolution(conflict(), { id: 2, val: 'x' })).toMatchObject({ ok: false, code: 'invalid-choice', reason: expect.stringContaining('must keep the key id=1') });
    expect(planResolution(conflict({ group: null }), local)).toMatchObject({ ok: false, code: 'details-unknown' });
    // A 1032 without its key: only keep local (both versions null).
    const missing = conflict({ errno: 1032, kind: 'update-delete', key: null, local: null, remote: null });
    expect(planResolution(missing, null)).toMatchObject({ ok: true, value: { mode: 'keep-local' } });
    expect(planResolution(missing, { id: 1 })).toMatchObject({ ok: false, code: 'details-unknown' });
  });
});

describe('MariaDB conflict pieces', () => {
  it('skips exactly the failing GTID in its domain; finds own domains ahead; knows when a position passed it', () => {
    expect(skipPosition(gtids('2-12-2,1-11-2'), failing)).toEqual(gtids('1-11-3,2-12-2'));
    expect(skipPosition([], failing)).toEqual([failing]);
    expect(ownDomainsAhead(gtids('1-11-2,2-12-2'), gtids('1-11-2,2-12-3'))).toEqual([2]);
    expect(ownDomainsAhead(gtids('1-11-2'), gtids('1-11-2,2-12-3'))).toEqual([]);
    expect(hasPassed(gtids('1-11-3'), failing)).toBe(true);
    expect(hasPassed(gtids('1-11-2,2-12-9'), failing)).toBe(false);
  });

  it('reads the duplicate entry value only when whole', () => {
    expect(duplicateEntry("Could not execute Write_rows_v1 event on table rd.items; Duplicate entry '1' for key 'PRIMARY', Error_code: 1062")).toBe('1');
    expect(duplicateEntry("Duplicate entry 'a'b' for key 'u'")).toBe("a'b");
    expect(duplicateEntry(`Duplicate entry '${'x'.repeat(189)}...' for key 'u'`)).toBeNull();
    expect(duplicateEntry("Can't find record in 'items'")).toBeNull();
  });

  it('quotes identifiers by doubling backquotes', () => {
    expect(quoteIdent('a`b')).toBe('`a``b`');
  });

  it('kinds and the inbox event: local row first, the origin row with the failing GTID', () => {
    expect(kindOf(1062, { gtid: failing, changes: [], failed: { op: 'update', tableId: 1, mapped: 'a.b', endLogPos: 1 } })).toBe('update-update');
    expect(kindOf(1032, { gtid: failing, changes: [], failed: { op: 'delete', tableId: 1, mapped: 'a.b', endLogPos: 1 } })).toBe('update-delete');
    expect(kindOf(1032, null)).toBe('apply-error');
    const e = toEvent(conflict(), 'c1', 'open');
    expect(e.target).toEqual({ table: 'rd.items', key: 'id=1' });
    expect(e.versions.map((v) => [v.nodeId, v.value, v.position])).toEqual([
      ['127.0.0.1:2', local, null],
      ['127.0.0.1:1', remote, '1-11-3'],
    ]);
    expect(toEvent(conflict({ table: null, key: null }), 'c1', 'open').target).toEqual({ table: '(unknown table)', key: '(unknown key)' });
  });
});
