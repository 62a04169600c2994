import type { RowDataPacket } from 'mysql2/promise';
import { expect } from 'vitest';
import { gtidBinlogPos } from './mariadb-replication';
import type { MariadbServer } from './mariadb-server';

/** Polls `pred` every 100 ms; throws naming `what` after `timeoutMs`. */
export const waitFor = async (what: string, pred: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** The GTID of `s`'s own domain in its @@gtid_binlog_pos (its last own write). */
export const lastOwnGtid = async (s: MariadbServer) => (await gtidBinlogPos(s)).split(',').find((g) => g.startsWith(`${s.domainId}-`))!;

/** Each channel's threads and last SQL error, read with SQL. */
export const sqlState = async (s: MariadbServer) => {
  const [rows] = await (await s.admin()).query<RowDataPacket[]>('SHOW ALL SLAVES STATUS');
  return rows.map((r) => ({ sql: String(r.Slave_SQL_Running), io: String(r.Slave_IO_Running), errno: Number(r.Last_SQL_Errno) }));
};

/** Both threads of every channel of `s` run without error (the IO thread reconnects in a moment: polled up to 10 s). */
export const expectRunning = async (s: MariadbServer) => {
  const want = [{ sql: 'Yes', io: 'Yes', errno: 0 }];
  const until = Date.now() + 10_000;
  while (Date.now() < until && JSON.stringify(await sqlState(s)) !== JSON.stringify(want)) await new Promise((r) => setTimeout(r, 100));
  expect(await sqlState(s)).toEqual(want);
};
