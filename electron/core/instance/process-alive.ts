import { readFileSync } from 'node:fs';

/**
 * When the process `pid` started, in clock ticks since boot (Linux
 * /proc/PID/stat field 22); null where there is no /proc or no such process.
 * A lock records it so that a PID reused by an unrelated process after a
 * crash or reboot is not taken for the holder.
 */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null;
  } catch {
    return null;
  }
}

/** True when a process with this PID exists (ours or another user's). */
export function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process that wrote a lock still runs: same PID and, where known, the same start time. */
export function holderAlive(holder: { pid: number; startTicks: string | null }): boolean {
  if (!pidExists(holder.pid)) return false;
  if (holder.startTicks === null) return true;
  const now = processStartTicks(holder.pid);
  return now === null || now === holder.startTicks;
}
