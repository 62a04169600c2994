import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readPostmasterPid, signal } from './pg-process';

/**
 * Makes sure a Patroni test cluster never outlives the test process. Patroni
 * detaches postgres (its parent becomes init), so both are reaped: Patroni by
 * PID first (so it cannot restart postgres), then each postmaster from its
 * `postmaster.pid`.
 * - a synchronous `exit` hook (normal exit, uncaught error, SIGINT/SIGTERM);
 * - a detached watchdog shell that waits for this process to die (even by SIGKILL).
 */
export interface PatroniReaper {
  track(pid: number): void;
  untrack(pid: number): void;
  release(): void;
}

interface Live {
  pids: Set<number>;
  dataDirs: string[];
}
const live = new Map<string, Live>();
let hooked = false;

function reapSync(root: string, l: Live): void {
  for (const pid of l.pids) signal(pid, 'SIGKILL');
  for (const dir of l.dataDirs) {
    const pid = readPostmasterPid(dir);
    if (pid) signal(pid, 'SIGQUIT');
  }
  try {
    rmSync(root, { recursive: true, force: true });
  } catch {
    // Best effort at exit.
  }
}

function hookProcess(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const [root, l] of live) reapSync(root, l);
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const [root, l] of live) reapSync(root, l);
      live.clear();
      process.kill(process.pid, sig);
    });
  }
}

// Re-reads the PID file each pass, so Patroni processes started after the watchdog are covered.
const WATCHDOG = `
parent=$1; root=$2; shift 2
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
[ -f "$root/patroni.pids" ] && for p in $(cat "$root/patroni.pids"); do kill -KILL "$p" 2>/dev/null; done
for d in "$@"; do [ -f "$d/postmaster.pid" ] && kill -QUIT "$(head -n1 "$d/postmaster.pid")" 2>/dev/null; done
sleep 3
for d in "$@"; do [ -f "$d/postmaster.pid" ] && kill -KILL "$(head -n1 "$d/postmaster.pid")" 2>/dev/null; done
rm -rf "$root"
`;

export function watchPatroni(root: string, dataDirs: string[]): PatroniReaper {
  hookProcess();
  const l: Live = { pids: new Set(), dataDirs };
  live.set(root, l);
  const writePids = () => writeFileSync(path.join(root, 'patroni.pids'), [...l.pids].join(' '));
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'rd-patroni-watchdog', String(process.pid), root, ...dataDirs], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return {
    track(pid) {
      l.pids.add(pid);
      writePids();
    },
    untrack(pid) {
      l.pids.delete(pid);
      writePids();
    },
    release() {
      live.delete(root);
      if (watchdog.pid) signal(-watchdog.pid, 'SIGTERM');
    },
  };
}
