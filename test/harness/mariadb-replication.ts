import type { RowDataPacket } from 'mysql2/promise';
import { MDB_REPL, type MariadbServer } from './mariadb-server';

/** Clears binlogs and replica positions, so a fresh server has no GTIDs before replication is set up. */
export async function resetPositions(s: MariadbServer): Promise<void> {
  const c = await s.admin();
  await c.query('RESET MASTER');
  await c.query("SET GLOBAL gtid_slave_pos = ''");
}

/** `replica` replicates from `source` by GTID (slave_pos), through the replication user. */
export async function replicateFrom(replica: MariadbServer, source: MariadbServer): Promise<void> {
  const c = await replica.admin();
  // mysql2 escapes the `?` values client-side: CHANGE MASTER cannot be prepared.
  await c.query('CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1', [
    '127.0.0.1',
    source.port,
    MDB_REPL.user,
    MDB_REPL.password,
  ]);
  await c.query('START SLAVE');
}

export interface SlaveStatus {
  ioRunning: string;
  sqlRunning: string;
  lastIoError: string;
  lastSqlError: string;
}

export async function slaveStatus(s: MariadbServer): Promise<SlaveStatus | null> {
  const [rows] = await (await s.admin()).query<RowDataPacket[]>('SHOW SLAVE STATUS');
  const r = rows[0];
  if (!r) return null;
  return { ioRunning: String(r.Slave_IO_Running), sqlRunning: String(r.Slave_SQL_Running), lastIoError: String(r.Last_IO_Error), lastSqlError: String(r.Last_SQL_Error) };
}

/** Waits until both replication threads run (the IO thread has connected to its source). */
export async function waitReplicating(s: MariadbServer, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let st: SlaveStatus | null = null;
  while (Date.now() < deadline) {
    st = await slaveStatus(s);
    if (st?.ioRunning === 'Yes' && st.sqlRunning === 'Yes') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${s.name} is not replicating after ${timeoutMs} ms: ${JSON.stringify(st)}`);
}

export async function gtidBinlogPos(s: MariadbServer): Promise<string> {
  const [rows] = await (await s.admin()).query<RowDataPacket[]>('SELECT @@GLOBAL.gtid_binlog_pos AS pos');
  return String(rows[0]?.pos ?? '');
}

/** Waits until `s` has applied `pos` (MASTER_GTID_WAIT; the position is bound, not spliced). */
export async function waitApplied(s: MariadbServer, pos: string, timeoutS = 20): Promise<void> {
  const [rows] = await (await s.admin()).query<RowDataPacket[]>('SELECT MASTER_GTID_WAIT(?, ?) AS r', [pos, timeoutS]);
  if (Number(rows[0]?.r) !== 0) throw new Error(`${s.name} did not apply ${pos} within ${timeoutS} s`);
}
