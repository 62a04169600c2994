import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parsePostmasterPid } from './control-data';

/** True while `pid` runs; a zombie (exited, not yet reaped) counts as gone. */
export async function processAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return true;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

export type PostmasterState =
  | { kind: 'running'; pid: number }
  | { kind: 'stopped' }
  /** postmaster.pid names a process that is gone (the server crashed or was killed). */
  | { kind: 'stale'; pid: number; port: number | null; socketDir: string | null };

/** Reads `postmaster.pid` of a data directory and checks its process, without spawning anything. */
export async function postmasterState(dataDir: string): Promise<PostmasterState> {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const parsed = text === null ? null : parsePostmasterPid(text);
  if (!parsed) return { kind: 'stopped' };
  return (await processAlive(parsed.pid)) ? { kind: 'running', pid: parsed.pid } : { kind: 'stale', ...parsed };
}

/**
 * After a crash, the dead postmaster's lock files stay behind; where nothing
 * reaps the dead process (a container without an init), the server would take
 * them for a live server's and refuse to start. Removes them.
 */
export async function removeStaleLocks(dataDir: string, stale: Extract<PostmasterState, { kind: 'stale' }>): Promise<void> {
  const files = [path.join(dataDir, 'postmaster.pid')];
  if (stale.socketDir && stale.port !== null) {
    const dir = path.isAbsolute(stale.socketDir) ? stale.socketDir : path.join(dataDir, stale.socketDir);
    files.push(path.join(dir, `.s.PGSQL.${stale.port}.lock`), path.join(dir, `.s.PGSQL.${stale.port}`));
  }
  await Promise.all(files.map((f) => fs.rm(f, { force: true })));
}
