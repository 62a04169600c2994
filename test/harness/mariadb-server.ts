import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { mariadbBinary, mariadbCwd, mariadbOsUserIds, MARIADB_INSTALL, runMariadbTool } from './mariadb-binaries';
import { waitForExit, signal } from './pg-process';
import type { ProcessReaper } from './process-reaper';

/** Accounts every test server has (created by the init file, over TCP from 127.0.0.1 only). */
export const MDB_ADMIN = { user: 'rd_admin', password: 'rd-admin-pw' } as const;
export const MDB_REPL = { user: 'rd_repl', password: 'rd-repl-pw' } as const;

export interface MariadbServerOptions {
  name: string;
  serverId: number;
  port: number;
  /** gtid_domain_id: masters that both take writes need their own domain. */
  domainId?: number;
  /** false: no report_host/report_port (the replica registers with its source without a host). */
  reportHost?: boolean;
}

/** One running mariadbd on 127.0.0.1. */
export interface MariadbServer extends MariadbServerOptions {
  address: string;
  dir: string;
  pid: number | null;
  /** An admin connection (rd_admin over TCP), opened on demand (again after a fence killed it); closed by `stop()`. */
  admin(): Promise<mysql.Connection>;
  /** SIGTERM by PID and wait (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

// Created at every start (IF NOT EXISTS) and kept out of the binlog, so no server starts with GTIDs of its own.
const INIT_SQL = `SET SESSION sql_log_bin=0;
CREATE USER IF NOT EXISTS '${MDB_ADMIN.user}'@'127.0.0.1' IDENTIFIED BY '${MDB_ADMIN.password}';
GRANT ALL PRIVILEGES ON *.* TO '${MDB_ADMIN.user}'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS '${MDB_REPL.user}'@'127.0.0.1' IDENTIFIED BY '${MDB_REPL.password}';
GRANT REPLICATION SLAVE, SLAVE MONITOR ON *.* TO '${MDB_REPL.user}'@'127.0.0.1';
`;

function config(dir: string, o: MariadbServerOptions): string {
  return `[mariadbd]
datadir=${path.join(dir, 'data')}
socket=${path.join(dir, 'mariadbd.sock')}
pid-file=${path.join(dir, 'mariadbd.pid')}
log-error=${path.join(dir, 'error.log')}
init-file=${path.join(dir, 'init.sql')}
tmpdir=${dir}
port=${o.port}
bind-address=127.0.0.1
skip-name-resolve
server-id=${o.serverId}
gtid-domain-id=${o.domainId ?? 0}
log-bin=mariadb-bin
log-slave-updates=ON
gtid-strict-mode=ON
binlog-format=ROW
${o.reportHost === false ? '' : `report-host=127.0.0.1\nreport-port=${o.port}\n`}slave-net-timeout=10
performance-schema=OFF
innodb-buffer-pool-size=16M
innodb-log-file-size=8M
innodb-log-buffer-size=4M
key-buffer-size=1M
max-connections=60
`;
}

/** A data dir made once by mariadb-install-db, copied for every server of a topology (install-db takes seconds). */
export async function makeTemplate(root: string): Promise<string> {
  const dir = path.join(root, 'template');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'my.cnf'), config(dir, { name: 'template', serverId: 1, port: 1 }));
  writeFileSync(path.join(dir, 'init.sql'), '');
  chownTree(dir);
  await runMariadbTool('mariadb-install-db', [`--defaults-file=${path.join(dir, 'my.cnf')}`, '--skip-test-db', '--auth-root-authentication-method=socket']);
  return path.join(dir, 'data');
}

function chownTree(dir: string): void {
  const ids = mariadbOsUserIds();
  if (!ids) return;
  chownSync(dir, ids.uid, ids.gid);
}

/** Copies the template into `root/<name>` and starts mariadbd on it; resolves once the admin user can log in. */
export async function startMariadbServer(root: string, template: string, o: MariadbServerOptions, reaper: ProcessReaper): Promise<MariadbServer> {
  const bin = mariadbBinary('mariadbd');
  if (!bin) throw new Error(`mariadbd not found. Install: ${MARIADB_INSTALL}`);
  const dir = path.join(root, o.name);
  mkdirSync(dir, { recursive: true });
  cpSync(template, path.join(dir, 'data'), { recursive: true, preserveTimestamps: true });
  writeFileSync(path.join(dir, 'my.cnf'), config(dir, o));
  writeFileSync(path.join(dir, 'init.sql'), INIT_SQL);
  chownRecursive(dir);
  const ids = mariadbOsUserIds();
  const child: ChildProcess = spawn(bin, [`--defaults-file=${path.join(dir, 'my.cnf')}`], {
    cwd: mariadbCwd(),
    stdio: 'ignore',
    env: { ...process.env, LC_ALL: 'C' },
    ...(ids ?? {}),
  });
  const pid = child.pid ?? null;
  if (pid) reaper.track(pid);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => (exited = true));
  let admin: mysql.Connection | null = null;
  const server: MariadbServer = {
    ...o,
    address: `127.0.0.1:${o.port}`,
    dir,
    pid,
    admin: async () => {
      // A fence ends client sessions (KILL CONNECTION): a cached connection that no longer answers is replaced.
      if (admin && !(await admin.ping().then(() => true, () => false))) {
        admin.destroy();
        admin = null;
      }
      return (admin ??= await connectAdmin(o.port));
    },
    stop: async () => {
      await admin?.end().catch(() => undefined);
      admin = null;
      if (pid && !exited) {
        signal(pid, 'SIGTERM');
        await waitForExit([pid], 15_000);
        // waitForExit counts a zombie as gone; wait until Node has reaped it, so its PID is really free.
        await Promise.race([exit, new Promise((r) => setTimeout(r, 5_000))]);
      }
      if (pid) reaper.untrack(pid);
    },
  };
  await waitUntilReady(o.port, () => exited, dir);
  return server;
}

function chownRecursive(dir: string): void {
  const ids = mariadbOsUserIds();
  if (!ids) return;
  const walk = (p: string) => {
    chownSync(p, ids.uid, ids.gid);
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
}

export function connectAdmin(port: number): Promise<mysql.Connection> {
  return mysql.createConnection({ host: '127.0.0.1', port, user: MDB_ADMIN.user, password: MDB_ADMIN.password, connectTimeout: 2_000 });
}

async function waitUntilReady(port: number, exited: () => boolean, dir: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`mariadbd on port ${port} exited during start; see ${path.join(dir, 'error.log')}`);
    try {
      const c = await connectAdmin(port);
      await c.end();
      return;
    } catch (e) {
      last = (e as Error).message;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`mariadbd on port ${port} did not accept the admin user within 60 s: ${last}`);
}
