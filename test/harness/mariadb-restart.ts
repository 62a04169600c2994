import { spawn } from 'node:child_process';
import path from 'node:path';
import { mariadbBinary, mariadbCwd, mariadbOsUserIds, MARIADB_INSTALL } from './mariadb-binaries';
import { connectAdmin, type MariadbServer } from './mariadb-server';
import { signal, waitForExit } from './pg-process';
import { watchTestProcesses } from './process-reaper';

/** SIGKILL of a server (a crash: no clean shutdown, nothing flushed to replicas that had not read it). */
export function killServer(s: MariadbServer): void {
  if (!s.pid) throw new Error(`${s.name} has no PID`);
  signal(s.pid, 'SIGKILL');
}

export interface Restarted {
  pid: number;
  stop(): Promise<void>;
}

/** Starts a stopped (or killed) server again on its own data dir and config; resolves once the admin user can log in. */
export async function restartServer(s: MariadbServer, timeoutMs = 60_000): Promise<Restarted> {
  const bin = mariadbBinary('mariadbd');
  if (!bin) throw new Error(`mariadbd not found. Install: ${MARIADB_INSTALL}`);
  const reaper = watchTestProcesses(s.dir);
  const ids = mariadbOsUserIds();
  const child = spawn(bin, [`--defaults-file=${path.join(s.dir, 'my.cnf')}`], { cwd: mariadbCwd(), stdio: 'ignore', env: { ...process.env, LC_ALL: 'C' }, ...(ids ?? {}) });
  const pid = child.pid;
  if (!pid) throw new Error(`${s.name} did not start`);
  reaper.track(pid);
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  void exit.then(() => (exited = true));
  const stop = async () => {
    if (!exited) {
      signal(pid, 'SIGTERM');
      await waitForExit([pid], 15_000);
      await Promise.race([exit, new Promise((r) => setTimeout(r, 5_000))]);
    }
    reaper.untrack(pid);
    reaper.release();
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${s.name} exited during restart; see ${path.join(s.dir, 'error.log')}`);
    try {
      await (await connectAdmin(s.port)).end();
      return { pid, stop };
    } catch (e) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${s.name} did not accept the admin user within ${timeoutMs} ms after restart: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
