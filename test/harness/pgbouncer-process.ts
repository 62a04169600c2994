import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';
import { isRoot, otherUserCwd, pgOsUserIds, PG_OS_USER } from './pg-binaries';
import { isAlive, signal, waitForExit } from './pg-process';
import { waitUntil } from './pg-query';
import { watchTestProcesses } from './process-reaper';
import { authFile, pgbouncerIni, type PgbouncerConfigInput, type PgbouncerDatabase } from './pgbouncer-config';

export const PGBOUNCER_BIN = '/usr/sbin/pgbouncer';

export function missingPgbouncer(): string | null {
  return existsSync(PGBOUNCER_BIN) ? null : 'pgbouncer (apt-get install -y pgbouncer)';
}

export interface PgbouncerOptions {
  databases: PgbouncerDatabase[];
  poolMode?: PgbouncerConfigInput['poolMode'];
  serverLoginRetryS?: number;
  queryWaitTimeoutS?: number;
  /** Client logins besides the admin: user -> password (PgBouncer logs in to the server with the same). */
  users: Record<string, string>;
}

export interface PgbouncerProcess {
  port: number;
  iniFile: string;
  logFile: string;
  adminUser: string;
  adminPassword: string;
  pid: number;
  /** A pg client config for the admin console (database `pgbouncer`). */
  adminConfig(): pg.ClientConfig;
  /** One admin-console statement (simple query protocol), on its own connection. */
  admin(sql: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/**
 * Starts PgBouncer 1.18 from apt in a temp dir (as the `postgres` user when
 * we are root), on a free 127.0.0.1 port, and stops it by PID. Its ini file
 * is the one a node agent would rewrite to re-point a database.
 */
export async function startPgbouncer(o: PgbouncerOptions): Promise<PgbouncerProcess> {
  const missing = missingPgbouncer();
  if (missing) throw new Error(`missing prerequisite: ${missing}`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'rd-pgb-'));
  chmodSync(root, 0o700);
  const ids = pgOsUserIds();
  const own = (p: string) => ids && chownSync(p, ids.uid, ids.gid);
  own(root);
  const reaper = watchTestProcesses(root);
  const port = await freePort();
  const adminUser = 'rdadmin';
  const adminPassword = `adm-${randomBytes(6).toString('hex')}`;
  const files = { iniFile: path.join(root, 'pgbouncer.ini'), authFile: path.join(root, 'userlist.txt'), logFile: path.join(root, 'pgbouncer.log'), pidFile: path.join(root, 'pgbouncer.pid') };
  const cfg: PgbouncerConfigInput = {
    port,
    root,
    databases: o.databases,
    poolMode: o.poolMode ?? 'transaction',
    serverLoginRetryS: o.serverLoginRetryS ?? 1,
    queryWaitTimeoutS: o.queryWaitTimeoutS ?? 30,
    adminUser,
    users: { ...o.users, [adminUser]: adminPassword },
  };
  writeFileSync(files.iniFile, pgbouncerIni(cfg, files), { mode: 0o600 });
  writeFileSync(files.authFile, authFile(cfg.users), { mode: 0o600 });
  own(files.iniFile);
  own(files.authFile);

  const [cmd, argv] = isRoot ? ['runuser', ['-u', PG_OS_USER, '--', PGBOUNCER_BIN, '-d', files.iniFile]] : [PGBOUNCER_BIN, ['-d', files.iniFile]];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: otherUserCwd(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pgbouncer exited with ${code}: ${stderr.trim()}\n${tail(files.logFile)}`))));
  });
  let pid = 0;
  const cleanup = () => {
    if (pid) signal(pid, 'SIGKILL');
    reaper.release();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => {
      pid = Number.parseInt(readFileSync(files.pidFile, 'utf8'), 10);
      return pid > 0 && isAlive(pid);
    }, 'pgbouncer to write its pidfile', 10_000);
    reaper.track(pid);
  } catch (e) {
    cleanup();
    throw new Error(`${(e as Error).message}\n${tail(files.logFile)}`);
  }

  const adminConfig = (): pg.ClientConfig => ({ host: '127.0.0.1', port, user: adminUser, password: adminPassword, database: 'pgbouncer' });
  const admin = async (sql: string) => {
    const c = new pg.Client(adminConfig());
    c.on('error', () => undefined);
    await c.connect();
    try {
      // No params: the admin console speaks only the simple query protocol.
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  await waitUntil(async () => (await admin('SHOW VERSION')).length > 0, 'pgbouncer to accept admin logins', 10_000).catch((e: unknown) => {
    cleanup();
    throw new Error(`${(e as Error).message}\n${tail(files.logFile)}`);
  });

  return {
    port,
    iniFile: files.iniFile,
    logFile: files.logFile,
    adminUser,
    adminPassword,
    pid,
    adminConfig,
    admin,
    async stop() {
      signal(pid, 'SIGINT');
      await waitForExit([pid], 5_000);
      reaper.untrack(pid);
      reaper.release();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no pgbouncer log)';
  }
}
