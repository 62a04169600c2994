import { expect } from 'vitest';
import mysql from 'mysql2/promise';
import { connectAdmin, type MariadbServer } from './mariadb-server';
import { MDB_APP } from './mariadb-writer';

/** One server as its own SQL says it is, read over fresh connections. */
export interface MdbTruth {
  up: boolean;
  readOnly: boolean | null;
  /** One entry per channel: the source server's name, and both threads. */
  channels: { upstream: string; io: string; sql: string; lastError: string }[];
  gtidCurrentPos: string | null;
  /** An INSERT by the application account, rolled back: null when accepted, else the server's error. */
  writeRefused: string | null;
}

export const PROBE_TABLE = 'rd.probe';

async function readOne(s: MariadbServer, all: readonly MariadbServer[]): Promise<MdbTruth> {
  let admin: mysql.Connection;
  try {
    admin = await connectAdmin(s.port);
  } catch {
    return { up: false, readOnly: null, channels: [], gtidCurrentPos: null, writeRefused: null };
  }
  try {
    const [[v]] = await admin.query<mysql.RowDataPacket[]>('SELECT @@read_only AS ro, @@GLOBAL.gtid_current_pos AS pos');
    const [chs] = await admin.query<mysql.RowDataPacket[]>('SHOW ALL SLAVES STATUS');
    const channels = chs.map((c) => ({
      upstream: all.find((x) => x.port === Number(c.Master_Port))?.name ?? `${String(c.Master_Host)}:${String(c.Master_Port)}`,
      io: String(c.Slave_IO_Running),
      sql: String(c.Slave_SQL_Running),
      lastError: [c.Last_IO_Error, c.Last_SQL_Error].filter(Boolean).join('; '),
    }));
    let writeRefused: string | null = null;
    const app = await mysql.createConnection({ host: '127.0.0.1', port: s.port, user: MDB_APP.user, password: MDB_APP.password, connectTimeout: 2_000 });
    try {
      await app.query('START TRANSACTION');
      await app.query(`INSERT INTO ${PROBE_TABLE} (id) VALUES (1)`);
      await app.query('ROLLBACK');
    } catch (e) {
      writeRefused = (e as Error).message;
    } finally {
      await app.end().catch(() => undefined);
    }
    return { up: true, readOnly: Number(v?.ro) === 1, channels, gtidCurrentPos: String(v?.pos ?? ''), writeRefused };
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Every server by name, read by SQL: channels (upstream, threads), read_only, position, whether the application can write. */
export async function readEveryServer(servers: readonly MariadbServer[]): Promise<Record<string, MdbTruth>> {
  const out: Record<string, MdbTruth> = {};
  for (const s of servers) out[s.name] = await readOne(s, servers);
  return out;
}

const readOnlyRefusal = /read-only|read_only/i;

/** A writable primary: no channel, read_only 0, the application's write accepted. */
export const writablePrimary = { up: true, readOnly: false, channels: [], writeRefused: null };

/** A fenced replica of `upstream` with both threads running, refusing the application's writes. */
export function replicaOf(upstream: string) {
  return { up: true, readOnly: true, channels: [{ upstream, io: 'Yes', sql: 'Yes', lastError: '' }], writeRefused: expect.stringMatching(readOnlyRefusal) as unknown };
}

/**
 * Waits until `replica` applied `source`'s @@gtid_binlog_pos, over new connections
 * (a fence ends every client session, the harness's kept admin ones too).
 */
export async function waitCaughtUp(source: MariadbServer, replica: MariadbServer, timeoutS = 20): Promise<void> {
  const s = await connectAdmin(source.port);
  const r = await connectAdmin(replica.port);
  try {
    const [[p]] = await s.query<mysql.RowDataPacket[]>('SELECT @@GLOBAL.gtid_binlog_pos AS pos');
    const [[w]] = await r.query<mysql.RowDataPacket[]>('SELECT MASTER_GTID_WAIT(?, ?) AS r', [String(p?.pos ?? ''), timeoutS]);
    if (Number(w?.r) !== 0) throw new Error(`${replica.name} did not apply ${String(p?.pos)} of ${source.name} within ${timeoutS} s`);
  } finally {
    await s.end().catch(() => undefined);
    await r.end().catch(() => undefined);
  }
}
