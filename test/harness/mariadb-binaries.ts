import { execFileSync, spawn, spawnSync } from 'node:child_process';
import os from 'node:os';

/** MariaDB refuses to run as root: as root, the harness runs its server and tools as this OS user. */
export const MARIADB_OS_USER = 'mysql';
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
export const MARIADB_INSTALL = 'apt-get -o DPkg::Lock::Timeout=600 install -y mariadb-server galera-4 mariadb-backup rsync';

const BINARIES = ['mariadbd', 'mariadb-install-db'] as const;

/** Where a binary is (Debian puts mariadbd in /usr/sbin, which a non-root PATH may lack), or null. */
export function mariadbBinary(name: (typeof BINARIES)[number]): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
    if (!dir) continue;
    const r = spawnSync('test', ['-x', `${dir}/${name}`]);
    if (r.status === 0) return `${dir}/${name}`;
  }
  return null;
}

/** What is missing to start MariaDB servers here: binaries, and as root the `mysql` user. */
export function missingMariadbPrerequisites(): string[] {
  const missing: string[] = BINARIES.filter((b) => mariadbBinary(b) === null).map((b) => `the \`${b}\` binary (MariaDB 10.11)`);
  if (!isRoot) return missing;
  try {
    execFileSync('id', ['-u', MARIADB_OS_USER], { stdio: 'ignore' });
  } catch {
    missing.push(`the '${MARIADB_OS_USER}' OS user (mariadbd refuses to run as root)`);
  }
  return missing;
}

let cachedIds: { uid: number; gid: number } | null = null;

/** uid/gid the server runs as (the `mysql` user when we are root), or null to keep ours. */
export function mariadbOsUserIds(): { uid: number; gid: number } | null {
  if (!isRoot) return null;
  if (!cachedIds) {
    const uid = Number(execFileSync('id', ['-u', MARIADB_OS_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', MARIADB_OS_USER], { encoding: 'utf8' }).trim());
    cachedIds = { uid, gid };
  }
  return cachedIds;
}

/**
 * The working directory of every MariaDB child: the temp dir every user can
 * enter, never ours (a clone under /root cannot be entered by `mysql`).
 */
export function mariadbCwd(): string {
  return os.tmpdir();
}

/** Runs a MariaDB tool as the server's OS user; rejects with its output when it fails. */
export function runMariadbTool(name: (typeof BINARIES)[number], args: string[]): Promise<string> {
  const file = mariadbBinary(name);
  if (!file) return Promise.reject(new Error(`${name} not found. Install: ${MARIADB_INSTALL}`));
  const ids = mariadbOsUserIds();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: mariadbCwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, ...(ids ?? {}) });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${name} ${args.join(' ')} exited with ${code}: ${out.trim()}`))));
  });
}
