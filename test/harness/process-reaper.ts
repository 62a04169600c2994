import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readPostmasterPid, signal } from './pg-process';

/**
 * Makes sure the servers a test starts never outlive the test process. Two
 * kinds of process are reaped, then the temp dir is removed:
 * - tracked PIDs (etcd, Patroni): SIGKILL;
 * - postmasters, found by each data dir's `postmaster.pid` (postgres may have
 *   been started, or detached, by someone else): SIGQUIT, then SIGKILL.
 * Two mechanisms do it: a synchronous `exit`/SIGINT/SIGTERM hook in this
 * process, and a detached watchdog shell that outlives even a SIGKILL of it.
 */
export interface ProcessReaper {
  track(pid: number): void;
  untrack(pid: number): void;
  release(): void;
}

interface Watched {
  pids: Set<number>;
  dataDirs: string[];
}

const PID_FILE = '.reaper-pids';
const live = new Map<string, Watched>();
let hooked = false;

function reapSync(root: string, w: Watched): void {
  for (const pid of w.pids) signal(pid, 'SIGKILL');
  for (const dir of w.dataDirs) {
    const pid = readPostmasterPid(dir);
    if (pid) signal(pid, 'SIGQUIT');
  }
  try {
    rmSync(root, { recursive: true, force: true });
  } catch {
    // Best effort at exit.
  }
}

/** One hook for every harness, so a signal reaps them all before it ends the process. */
function hookProcess(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const [root, w] of live) reapSync(root, w);
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const [root, w] of live) reapSync(root, w);
      live.clear();
      process.kill(process.pid, sig);
    });
  }
}

// Re-reads the PID file after the parent dies, so processes tracked after the watchdog started are covered.
const WATCHDOG = `
parent=$1; root=$2; shift 2
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
[ -f "$root/${PID_FILE}" ] && for p in $(cat "$root/${PID_FILE}"); do kill -KILL "$p" 2>/dev/null; done
if [ $# -gt 0 ]; then
  for d in "$@"; do [ -f "$d/postmaster.pid" ] && kill -QUIT "$(head -n1 "$d/postmaster.pid")" 2>/dev/null; done
  sleep 3
  for d in "$@"; do [ -f "$d/postmaster.pid" ] && kill -KILL "$(head -n1 "$d/postmaster.pid")" 2>/dev/null; done
fi
rm -rf "$root"
`;

/** Watches `root` (a temp dir the harness owns) and the postmasters of `dataDirs` (may be empty). */
export function watchTestProcesses(root: string, dataDirs: string[] = []): ProcessReaper {
  hookProcess();
  const w: Watched = { pids: new Set(), dataDirs };
  live.set(root, w);
  const writePids = () => writeFileSync(path.join(root, PID_FILE), [...w.pids].join(' '));
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'rd-test-watchdog', String(process.pid), root, ...dataDirs], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return {
    track(pid) {
      w.pids.add(pid);
      writePids();
    },
    untrack(pid) {
      w.pids.delete(pid);
      writePids();
    },
    release() {
      live.delete(root);
      // The watchdog runs in its own process group: end it and its `sleep`.
      if (watchdog.pid) signal(-watchdog.pid, 'SIGTERM');
    },
  };
}
