import { describe, expect, it } from 'vitest';
import {
  heartbeatCreateSql,
  heartbeatNote,
  heartbeatReadSql,
  heartbeatWriteSql,
  parseHeartbeatRead,
  parseHeartbeatWrite,
  parseUtcMicros,
  rowAgeMs,
  type HeartbeatRead,
} from '../../../../electron/drivers/mariadb/heartbeat';
import { heartbeatLag, HEARTBEAT_STALE_MS, linkSync } from '../../../../electron/drivers/mariadb/heartbeat-lag';
import { quoteTable, tableNameOf } from '../../../../electron/drivers/mariadb/sql-names';
import { MariadbSpecSchema } from '../../../../shared/model/cluster';
import { reading } from './fixtures';

const T0 = Date.UTC(2026, 11, 7, 11, 0, 0);
const hb = (readAt: number, rows: [number, number][], error: HeartbeatRead['error'] = null): HeartbeatRead => ({
  readAt,
  rows: rows.map(([serverId, writtenAt]) => ({ serverId, writtenAt })),
  error,
});

describe('MariaDB heartbeat: parsing and math', () => {
  it('reads DATETIME(6) text as UTC epoch ms with microseconds, and refuses anything else', () => {
    expect(parseUtcMicros('2026-12-07 11:00:00.674576')).toBeCloseTo(T0 + 674.576, 6);
    expect(parseUtcMicros('2026-12-07 11:00:00.5')).toBe(T0 + 500);
    expect(parseUtcMicros('2026-12-07 11:00:00')).toBe(T0);
    for (const bad of [null, undefined, '', 'now', '2026-12-07', '11:00:00.1', '2026-12-07 11:00:00.1234567']) expect(parseUtcMicros(bad)).toBeNull();
  });

  it('parses the read block: rows and the reader clock, or the error it caught', () => {
    const ok = parseHeartbeatRead([
      { server_id: 1, written_at: '2026-12-07 11:00:00.100000', read_at: '2026-12-07 11:00:01.350000', errno: 0, error: null },
      { server_id: '7', written_at: '2026-12-07 10:59:00.000000', read_at: '2026-12-07 11:00:01.350000', errno: '0', error: null },
    ]);
    expect(ok).toEqual(hb(T0 + 1350, [[1, T0 + 100], [7, T0 - 60_000]]));
    expect(rowAgeMs(ok!, 1)).toBeCloseTo(1250, 6);
    expect(rowAgeMs(ok!, 2)).toBeNull();
    const missing = parseHeartbeatRead([{ server_id: null, written_at: null, read_at: '2026-12-07 11:00:00.000000', errno: 1146, error: "Table 'r.h' doesn't exist" }]);
    expect(missing).toEqual(hb(T0, [], { errno: 1146, message: "Table 'r.h' doesn't exist" }));
    // An empty table still answers one row (the reader's clock, NULLs): read, nothing written yet.
    expect(parseHeartbeatRead([{ server_id: null, written_at: null, read_at: '2026-12-07 11:00:00.000000', errno: 0, error: null }])).toEqual(hb(T0, []));
    expect(parseHeartbeatRead([])).toBeNull();
    expect(parseHeartbeatWrite([{ errno: 0, error: null }])).toEqual({ errno: 0, message: '' });
    expect(parseHeartbeatWrite([{ errno: 1142, error: 'denied' }])).toEqual({ errno: 1142, message: 'denied' });
  });

  it('never gives a negative age (the reader clock behind the writer clock)', () => {
    expect(rowAgeMs(hb(T0, [[1, T0 + 40]]), 1)).toBe(0);
  });

  it('quotes hostile names through one helper, in every statement and note', () => {
    const t = tableNameOf('we`ird.t;DROP TABLE x');
    expect(t).toEqual({ database: 'we`ird', table: 't;DROP TABLE x' });
    const q = '`we``ird`.`t;DROP TABLE x`';
    expect(quoteTable(t)).toBe(q);
    for (const sql of [heartbeatReadSql(t), heartbeatWriteSql(t), heartbeatCreateSql(t)]) {
      expect(sql).toContain(q);
      expect(sql.replaceAll(q, '')).not.toMatch(/we`ird|DROP TABLE x/);
    }
  });

  it('says what to run: CREATE and GRANT for a missing table, the GRANT for a refused one', () => {
    const t = tableNameOf('replicadesk.heartbeat');
    const missing = heartbeatNote(t, 'mon', 'read', { errno: 1146, message: "Table 'replicadesk.heartbeat' doesn't exist" });
    expect(missing).toContain('CREATE DATABASE IF NOT EXISTS `replicadesk`; CREATE TABLE IF NOT EXISTS `replicadesk`.`heartbeat` (server_id INT UNSIGNED NOT NULL PRIMARY KEY, written_at DATETIME(6) NOT NULL)');
    expect(missing).toContain("GRANT SELECT, INSERT, UPDATE ON `replicadesk`.`heartbeat` TO 'mon'@'<client host>'");
    expect(missing).toContain('heartbeat.create');
    const denied = heartbeatNote(t, 'mon', 'write', { errno: 1142, message: 'INSERT, UPDATE command denied' });
    expect(denied).toMatch(/^heartbeat: cannot write .*GRANT SELECT, INSERT, UPDATE ON `replicadesk`.`heartbeat` TO 'mon'/);
    expect(heartbeatNote(t, 'mon', 'write', { errno: 1290, message: '--read-only' })).toMatch(/read-only/);
    expect(heartbeatNote(t, 'mon', 'write', { errno: 1205, message: 'Lock wait timeout' })).toMatch(/cannot write .*: error 1205: Lock wait timeout$/);
    expect(heartbeatNote(t, 'mon', 'write', { errno: -1, message: 'no answer within 2000 ms' })).toMatch(/cannot write `replicadesk`.`heartbeat`: no answer within 2000 ms$/);
  });

  it('takes the table as database.table (default replicadesk.heartbeat), off unless set', () => {
    const base = { engine: 'mariadb', name: 'm', seeds: ['db1:3306'], auth: { user: 'rd', password: '' } };
    expect(MariadbSpecSchema.parse(base).heartbeat).toBeUndefined();
    expect(MariadbSpecSchema.parse({ ...base, heartbeat: {} }).heartbeat).toEqual({ table: 'replicadesk.heartbeat', create: false });
    for (const bad of ['heartbeat', 'a.b.c', '.t', 'd.', 'my db.t', `${'x'.repeat(65)}.t`]) {
      expect(MariadbSpecSchema.safeParse({ ...base, heartbeat: { table: bad } }).success).toBe(false);
    }
  });
});

describe('MariaDB heartbeat lag of a link', () => {
  const primary = (own: [number, number][], at = T0) => reading(1, { serverId: 1, heartbeat: hb(at, own) });

  it('is the replica clock minus the primary row written_at, while the primary row is fresh', () => {
    const replica = reading(2, { heartbeat: hb(T0 + 2_000, [[1, T0 - 1_500]]) });
    expect(heartbeatLag(replica, primary([[1, T0 - 300]]), 'db1:3306', 'replicadesk.heartbeat')).toEqual({
      kind: 'measured',
      ms: 3_500,
      serverId: 1,
      primaryName: 'db1:3306',
      table: 'replicadesk.heartbeat',
    });
  });

  it('says why it cannot be used: stale or missing primary row, no row on the replica, unreadable table, primary unread', () => {
    const replica = reading(2, { heartbeat: hb(T0, [[1, T0 - 100]]) });
    const why = (r: typeof replica, p: typeof replica | null) => {
      const l = heartbeatLag(r, p, 'db1:3306', 'rd.hb');
      return l.kind === 'unavailable' ? l.why : `measured ${l.ms}`;
    };
    expect(why(replica, primary([[1, T0 - HEARTBEAT_STALE_MS - 1_000]]))).toMatch(/6 s old: it is not being written/);
    expect(why(replica, primary([[9, T0]]))).toMatch(/db1:3306 has no row in rd.hb/);
    expect(why(reading(2, { heartbeat: hb(T0, [[9, T0]]) }), primary([[1, T0]]))).toMatch(/no row of server_id 1/);
    expect(why(reading(2, { heartbeat: hb(T0, [], { errno: 1142, message: 'denied' }) }), primary([[1, T0]]))).toMatch(/cannot be read on the replica/);
    expect(why(reading(2), primary([[1, T0]]))).toMatch(/was not read on the replica/);
    expect(why(replica, null)).toMatch(/not read this round/);
  });

  it('marks a link sync while both ends run semi-sync, quorum with several semi-sync replicas, else async', () => {
    const master = (active: boolean, clients: number) => reading(1, { semiSync: { master: { enabled: true, active, clients, timeoutMs: 10_000 }, slave: { enabled: false, active: false } } });
    const slave = (active: boolean) => reading(2, { semiSync: { master: null, slave: { enabled: true, active } } });
    expect(linkSync(slave(true), master(true, 1))).toBe('sync');
    expect(linkSync(slave(true), master(true, 2))).toBe('quorum');
    expect(linkSync(slave(false), master(true, 1))).toBe('async');
    expect(linkSync(slave(true), master(false, 1))).toBe('async');
    expect(linkSync(slave(true), null)).toBe('async');
  });
});
