import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { readPostmasterPid, signal } from './pg-process';

/**
 * Makes sure a test cluster never outlives the test process:
 * - a synchronous `exit` hook (normal exit, uncaught error, SIGINT/SIGTERM) stops every postmaster by PID;
 * - a detached watchdog shell waits for this process to die (even by SIGKILL) and does the same.
 */
export interface ReaperHandle {
  release(): void;
}

const live = new Map<string, string[]>();
let hooked = false;

function reapSync(root: string, dataDirs: string[]): void {
  for (const dir of dataDirs) {
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
    for (const [root, dirs] of live) reapSync(root, dirs);
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const [root, dirs] of live) reapSync(root, dirs);
      live.clear();
      process.kill(process.pid, sig);
    });
  }
}

const WATCHDOG = `
parent=$1; root=$2; shift 2
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
for d in "$@"; do
  [ -f "$d/postmaster.pid" ] && kill -QUIT "$(head -n1 "$d/postmaster.pid")" 2>/dev/null
done
sleep 3
for d in "$@"; do
  [ -f "$d/postmaster.pid" ] && kill -KILL "$(head -n1 "$d/postmaster.pid")" 2>/dev/null
done
rm -rf "$root"
`;

export function watchCluster(root: string, dataDirs: string[]): ReaperHandle {
  hookProcess();
  live.set(root, dataDirs);
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'rd-pg-watchdog', String(process.pid), root, ...dataDirs], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return {
    release() {
      live.delete(root);
      // The watchdog runs in its own process group: end it and its `sleep`.
      if (watchdog.pid) signal(-watchdog.pid, 'SIGTERM');
    },
  };
}
