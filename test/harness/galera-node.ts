import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';
import { mariadbBinary, mariadbCwd, mariadbOsUserIds, MARIADB_INSTALL } from './mariadb-binaries';
import { connectAdmin, MDB_ADMIN } from './mariadb-server';
import { galeraConfig, type GaleraNodeOptions } from './galera-config';
import { childPids, signal, waitForExit } from './pg-process';
import type { ProcessReaper } from './process-reaper';

/** One running Galera node (mariadbd with the wsrep provider) on 127.0.0.1. */
export interface GaleraNode extends GaleraNodeOptions {
  /** host:port of its SQL port: the node id the driver uses. */
  address: string;
  dir: string;
  pid: number;
  /** An admin connection (rd_admin over TCP), opened on demand; closed by `stop()`. */
  admin(): Promise<mysql.Connection>;
  /** SIGSTOP: the process stays, its sockets stay open, but it answers nothing (a hung or cut-off node). */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** SIGCONT, SIGTERM by PID and wait (SIGKILL after 15 s), then any SST helper it left. */
  stop(): Promise<void>;
}

// Runs at every start; the joiners get the accounts by SST, so IF NOT EXISTS.
const INIT_SQL = `CREATE USER IF NOT EXISTS '${MDB_ADMIN.user}'@'127.0.0.1' IDENTIFIED BY '${MDB_ADMIN.password}';
GRANT ALL PRIVILEGES ON *.* TO '${MDB_ADMIN.user}'@'127.0.0.1' WITH GRANT OPTION;
`;

/**
 * Starts one node in `root/<name>`: the first (`bootstrap`) on a copy of the template with
 * --wsrep-new-cluster, the others on an empty data dir that SST (rsync) fills from a donor.
 * Resolves once the node is Synced and the admin user can log in.
 */
export async function startGaleraNode(root: string, template: string, o: GaleraNodeOptions & { bootstrap: boolean }, reaper: ProcessReaper): Promise<GaleraNode> {
  const bin = mariadbBinary('mariadbd');
  if (!bin) throw new Error(`mariadbd not found. Install: ${MARIADB_INSTALL}`);
  const dir = path.join(root, o.name);
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  if (o.bootstrap) cpSync(template, path.join(dir, 'data'), { recursive: true, preserveTimestamps: true });
  writeFileSync(path.join(dir, 'my.cnf'), galeraConfig(dir, o));
  writeFileSync(path.join(dir, 'init.sql'), INIT_SQL);
  chownRecursive(dir);
  const ids = mariadbOsUserIds();
  const args = [`--defaults-file=${path.join(dir, 'my.cnf')}`, ...(o.bootstrap ? ['--wsrep-new-cluster'] : [])];
  // PATH with /usr/bin and /usr/sbin: mariadbd runs the wsrep_sst_rsync script, which needs rsync, ss and mariadbd.
  const env = { ...process.env, LC_ALL: 'C', PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH ?? ''}` };
  const child: ChildProcess = spawn(bin, args, { cwd: mariadbCwd(), stdio: 'ignore', env, ...(ids ?? {}) });
  const pid = child.pid;
  if (!pid) throw new Error(`mariadbd for ${o.name} did not start`);
  reaper.track(pid);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exit.then(() => (exited = true));
  let admin: mysql.Connection | null = null;
  const node: GaleraNode = {
    ...o,
    address: `127.0.0.1:${o.ports.mysql}`,
    dir,
    pid,
    admin: async () => (admin ??= await connectAdmin(o.ports.mysql)),
    pause: () => signal(pid, 'SIGSTOP'),
    resume: () => signal(pid, 'SIGCONT'),
    stop: async () => {
      const helpers = descendants(pid);
      admin?.destroy();
      admin = null;
      if (!exited) {
        signal(pid, 'SIGCONT');
        signal(pid, 'SIGTERM');
        await waitForExit([pid], 15_000);
        await Promise.race([exit, new Promise((r) => setTimeout(r, 5_000))]);
      }
      for (const h of helpers) signal(h, 'SIGKILL');
      reaper.untrack(pid);
    },
  };
  try {
    await waitUntilSynced(node, () => exited);
  } catch (e) {
    await node.stop();
    throw e;
  }
  return node;
}

/** Every process below `pid` (the SST script and its rsync daemon while a transfer runs). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    for (const c of childPids(stack.pop()!)) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
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

/** A global status value of a node, read over a fresh admin connection. */
export async function statusOf(port: number, name: string): Promise<string> {
  const c = await connectAdmin(port);
  try {
    const [rows] = await c.query('SHOW GLOBAL STATUS LIKE ?', [name]);
    return String((rows as { Value: string }[])[0]?.Value ?? '');
  } finally {
    c.destroy();
  }
}

export const localState = (port: number): Promise<string> => statusOf(port, 'wsrep_local_state_comment');

/** Polls `pred` every 50 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(pred: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitUntilSynced(node: GaleraNode, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = '';
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`mariadbd ${node.name} exited during start; its error log ends:\n${logTail(node.dir)}`);
    try {
      last = await localState(node.ports.mysql);
      if (last === 'Synced') return;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Galera node ${node.name} was not Synced within 90 s (last: ${last}); its error log ends:\n${logTail(node.dir)}`);
}

/** The last lines of a node's error log (the temp dir is removed when the harness stops). */
function logTail(dir: string, lines = 25): string {
  const file = path.join(dir, 'error.log');
  if (!existsSync(file)) return '(no error log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}
