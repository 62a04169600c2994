import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Makes sure test etcd members never outlive the test process:
 * - a synchronous `exit` hook (normal exit, uncaught error, SIGINT/SIGTERM) kills every tracked PID;
 * - a detached watchdog shell waits for this process to die (even by SIGKILL) and does the same.
 */
export interface EtcdReaper {
  track(pid: number): void;
  untrack(pid: number): void;
  release(): void;
}

const live = new Map<string, Set<number>>();
let hooked = false;

function kill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

function reapSync(root: string, pids: Set<number>): void {
  for (const pid of pids) kill(pid, 'SIGKILL');
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
    for (const [root, pids] of live) reapSync(root, pids);
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const [root, pids] of live) reapSync(root, pids);
      live.clear();
      process.kill(process.pid, sig);
    });
  }
}

// Re-reads the PID file each second, so members started after the watchdog are covered too.
const WATCHDOG = `
parent=$1; root=$2
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
[ -f "$root/pids" ] && for p in $(cat "$root/pids"); do kill -KILL "$p" 2>/dev/null; done
rm -rf "$root"
`;

export function watchEtcd(root: string, writePids: (pids: number[]) => void): EtcdReaper {
  hookProcess();
  const pids = new Set<number>();
  live.set(root, pids);
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'rd-etcd-watchdog', String(process.pid), root], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return {
    track(pid) {
      pids.add(pid);
      writePids([...pids]);
    },
    untrack(pid) {
      pids.delete(pid);
      writePids([...pids]);
    },
    release() {
      live.delete(root);
      if (watchdog.pid) kill(-watchdog.pid, 'SIGTERM');
    },
  };
}
