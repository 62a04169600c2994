import mysql from 'mysql2/promise';
import { connectAdmin } from './mariadb-server';

/** The application's account: INSERT/SELECT on `rd` only, so read_only refuses its writes (no READ_ONLY ADMIN). */
export const MDB_APP = { user: 'rd_app', password: 'rd-app-pw' } as const;

export interface WriteOutage {
  from: number;
  to: number;
  ms: number;
}

export interface MariadbWriter {
  /** Ids whose INSERT was acknowledged (autocommit OK packet received). */
  readonly acked: readonly number[];
  readonly outages: readonly WriteOutage[];
  /** Port of the server the last acknowledged write went to. */
  readonly writingTo: number | null;
  stop(): Promise<void>;
}

/**
 * An application-like writer: inserts one row at a time into `rd.acked` as
 * `rd_app` (each attempt a new id), records what was acknowledged, and on any
 * error retries on whichever server takes it, trying each port in turn.
 * Stretches with no acknowledged write longer than `outageMs` are outages. Ids start at
 * `firstId`, so a second writer on the same table never collides with the first.
 */
export function startMariadbWriter(ports: readonly number[], opts: { intervalMs?: number; outageMs?: number; firstId?: number } = {}): MariadbWriter {
  const acked: number[] = [];
  const outages: WriteOutage[] = [];
  let running = true;
  let nextId = opts.firstId ?? 1;
  let conn: mysql.Connection | null = null;
  let port: number | null = null;
  let writingTo: number | null = null;
  let lastOkAt = Date.now();
  let turn = 0;
  const drop = async () => {
    const c = conn;
    conn = null;
    c?.destroy();
    await Promise.resolve();
  };
  const loop = (async () => {
    while (running) {
      if (!conn) {
        port = ports[turn % ports.length] ?? null;
        turn += 1;
        conn = port === null ? null : await mysql.createConnection({ host: '127.0.0.1', port, user: MDB_APP.user, password: MDB_APP.password, connectTimeout: 1_000 }).catch(() => null);
        conn?.on('error', () => undefined);
      }
      if (conn) {
        const id = nextId;
        nextId += 1;
        try {
          await conn.query({ sql: 'INSERT INTO rd.acked (id) VALUES (?)', timeout: 2_000 }, [id]);
          const now = Date.now();
          acked.push(id);
          writingTo = port;
          if (now - lastOkAt > (opts.outageMs ?? 100)) outages.push({ from: lastOkAt, to: now, ms: now - lastOkAt });
          lastOkAt = now;
        } catch {
          await drop();
        }
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 2));
    }
  })();
  return {
    acked,
    outages,
    get writingTo() {
      return writingTo;
    },
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      await drop();
    },
  };
}

/**
 * Ids of `acked` that the server on `port` lacks in rd.acked, read as the admin over a
 * new connection (a fence ends every client session, the harness's kept ones too).
 */
export async function lostAcked(port: number, acked: readonly number[]): Promise<number[]> {
  const conn = await connectAdmin(port);
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT id FROM rd.acked');
    const have = new Set(rows.map((r) => Number(r.id)));
    return acked.filter((id) => !have.has(id));
  } finally {
    await conn.end().catch(() => undefined);
  }
}
