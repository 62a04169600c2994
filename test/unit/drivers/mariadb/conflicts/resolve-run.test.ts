import { describe, expect, it } from 'vitest';
import type { MdbConflict } from '../../../../../electron/drivers/mariadb/conflicts/mariadb-conflict';
import { planResolution } from '../../../../../electron/drivers/mariadb/conflicts/resolve-plan';
import { runResolution } from '../../../../../electron/drivers/mariadb/conflicts/resolve-run';
import { addressOf } from '../../../../../electron/drivers/mariadb/server-address';
import type { ServerConnection } from '../../../../../electron/drivers/mariadb/server-connection';
import { fail, ok, type Result } from '../../../../../shared/result';
import { gtids } from '../fixtures';

const local = { id: 1, val: 'mine' };
const conflict: MdbConflict = {
  id: 'x',
  replicaId: '127.0.0.1:2',
  replica: addressOf('127.0.0.1', 2),
  channel: '',
  originId: '127.0.0.1:1',
  origin: addressOf('127.0.0.1', 1),
  errno: 1062,
  error: '',
  stop: 's',
  group: { gtid: gtids('1-11-3')[0]!, changes: [], failed: null },
  table: { schema: 'rd', name: 'items' },
  key: { columns: ['id'], values: [1] },
  local,
  remote: { id: 1, val: 'theirs' },
  slavePos: gtids('1-11-2,2-12-2'),
  binlogPos: gtids('1-11-2,2-12-3'),
  strictMode: true,
  channels: [''],
  kind: 'insert-insert',
  notes: [],
  detectedAt: 0,
  complete: true,
};

/** A fake session: answers by statement, records what ran. */
function session(answer: (sql: string, values: unknown[]) => Result<unknown>) {
  const ran: string[] = [];
  const conn = {
    query: async (sql: string, _s: AbortSignal, values: unknown[] = []) => {
      ran.push(values.length ? `${sql} ${JSON.stringify(values)}` : sql);
      return answer(sql, values);
    },
  } as unknown as ServerConnection;
  return { ran, conn };
}

const status = (sql: string, errno: number, pos: string, error = '') =>
  ok([[{ Connection_name: '', Slave_SQL_Running: sql, Last_SQL_Errno: errno, Last_SQL_Error: error }], [{ p: pos }]]);

describe('running a MariaDB resolution', () => {
  const plan = () => {
    const p = planResolution(conflict, local);
    if (!p.ok) throw new Error(p.reason);
    return p.value;
  };

  it('runs every statement, then sees the SQL thread running past the failing GTID', async () => {
    const { ran, conn } = session((sql) => (sql.startsWith('SHOW ALL SLAVES') ? status('Yes', 0, '1-11-3,2-12-2') : sql.startsWith('SELECT @@GLOBAL') ? ok([{ p: '1-11-2,2-12-2' }]) : ok([])));
    const r = await runResolution(conn, plan(), AbortSignal.timeout(1_000));
    expect(r).toMatchObject({ ok: true, value: expect.stringContaining('SQL thread running, Last_SQL_Errno 0, @@gtid_slave_pos 1-11-3,2-12-2 (past 1-11-3)') });
    expect(ran.slice(0, 6)).toEqual(['STOP SLAVE ? [""]', 'SELECT @@GLOBAL.gtid_slave_pos AS p', 'SET GLOBAL gtid_strict_mode = 0', 'SET GLOBAL gtid_slave_pos = ? ["1-11-3,2-12-2"]', 'SET GLOBAL gtid_strict_mode = 1', 'START SLAVE ? [""]']);
  });

  it('a position moved since the plan changes nothing and starts the channel again', async () => {
    const { ran, conn } = session((sql) => (sql.startsWith('SELECT @@GLOBAL') ? ok([{ p: '1-11-3,2-12-2' }]) : ok([])));
    const r = await runResolution(conn, plan(), AbortSignal.timeout(1_000));
    expect(r).toMatchObject({ ok: false, code: 'conflict-stale' });
    expect(ran).toEqual(['STOP SLAVE ? [""]', 'SELECT @@GLOBAL.gtid_slave_pos AS p', 'START SLAVE ? [""]']);
  });

  it('a refused SET puts strict mode back and starts the channel again, with the server message', async () => {
    const { ran, conn } = session((sql) =>
      sql.startsWith('SET GLOBAL gtid_slave_pos') ? fail('missing-privilege', 'Access denied; you need the REPLICATION SLAVE ADMIN privilege') : sql.startsWith('SELECT @@GLOBAL') ? ok([{ p: '1-11-2,2-12-2' }]) : ok([]),
    );
    const r = await runResolution(conn, plan(), AbortSignal.timeout(1_000));
    expect(r).toMatchObject({ ok: false, code: 'refused', reason: expect.stringContaining('REPLICATION SLAVE ADMIN') });
    expect(ran.slice(-2)).toEqual(['SET GLOBAL gtid_strict_mode = 1', 'START SLAVE ? [""]']);
  });

  it('a SQL thread that stops again is a failure naming the error', async () => {
    const take = planResolution(conflict, conflict.remote);
    if (!take.ok) throw new Error(take.reason);
    const { conn } = session((sql) => (sql.startsWith('SHOW ALL SLAVES') ? status('No', 1062, '1-11-2,2-12-2', "Duplicate entry '8' for key 'PRIMARY'") : ok([])));
    const r = await runResolution(conn, take.value, AbortSignal.timeout(1_000));
    expect(r).toMatchObject({ ok: false, code: 'still-failing', reason: expect.stringContaining("stopped again on error 1062: Duplicate entry '8'") });
  });
});
