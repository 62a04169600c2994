import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The server binaries the harness needs, found through `pg_config --bindir`. */
export const PG_SERVER_BINARIES = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'] as const;
export type PgBinary = (typeof PG_SERVER_BINARIES)[number] | 'pg_controldata' | 'pg_rewind';

let cachedBinDir: string | null = null;

/** `pg_config --bindir`, or null when pg_config is not installed. */
export function pgBinDir(): string | null {
  if (cachedBinDir) return cachedBinDir;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    cachedBinDir = dir || null;
    return cachedBinDir;
  } catch {
    return null;
  }
}

/** Binaries from `PG_SERVER_BINARIES` that are missing. */
export function missingPgBinaries(): string[] {
  const dir = pgBinDir();
  if (!dir) return ['pg_config', ...PG_SERVER_BINARIES];
  return PG_SERVER_BINARIES.filter((b) => !existsSync(path.join(dir, b)));
}

/** Binaries plus, when we run as root, the `postgres` OS user and `runuser`. */
export function missingPgPrerequisites(): string[] {
  const missing = missingPgBinaries();
  if (!isRoot) return missing;
  try {
    execFileSync('id', ['-u', PG_OS_USER], { stdio: 'ignore' });
  } catch {
    missing.push(`the '${PG_OS_USER}' OS user (the server refuses to run as root)`);
  }
  try {
    execFileSync('runuser', ['--help'], { stdio: 'ignore' });
  } catch {
    missing.push('runuser (util-linux)');
    return missing;
  }
  try {
    execFileSync('runuser', ['-u', PG_OS_USER, '--', 'test', '-x', otherUserCwd(), '-a', '-w', otherUserCwd()], { stdio: 'ignore', cwd: otherUserCwd() });
  } catch {
    missing.push(`a temp dir the '${PG_OS_USER}' user can enter and write (${otherUserCwd()}; set TMPDIR)`);
  }
  return missing;
}

/**
 * The working directory of every child the harness runs as another user
 * (PostgreSQL's tools, Patroni and the postgres it starts). A child inherits
 * ours otherwise, and a clone in a directory only root can enter (/root/…)
 * breaks it: Patroni's multiprocessing child cannot chdir back and dies,
 * PostgreSQL's tools report "could not change directory". The temp dir is
 * enterable by every user, and the harness's data dirs live under it.
 */
export function otherUserCwd(): string {
  return os.tmpdir();
}

export function pgBinary(name: PgBinary): string {
  const dir = pgBinDir();
  if (!dir) throw new Error('pg_config not found: install PostgreSQL 15 (apt-get install -y postgresql-15)');
  return path.join(dir, name);
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user. */
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
export const PG_OS_USER = 'postgres';

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a PostgreSQL tool (as `postgres` when we are root) and rejects with its stderr when it fails. */
export function runPg(bin: PgBinary, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const file = pgBinary(bin);
  const [cmd, argv] = isRoot ? ['runuser', ['-u', PG_OS_USER, '--', file, ...args]] : [file, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd: otherUserCwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${bin} ${args.join(' ')} exited with ${code}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}

let cachedIds: { uid: number; gid: number } | null = null;

/** uid/gid of the `postgres` OS user (files we write into a data dir must belong to it). */
export function pgOsUserIds(): { uid: number; gid: number } | null {
  if (!isRoot) return null;
  if (!cachedIds) {
    const uid = Number(execFileSync('id', ['-u', PG_OS_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', PG_OS_USER], { encoding: 'utf8' }).trim());
    cachedIds = { uid, gid };
  }
  return cachedIds;
}
