import type { ControlData } from '../../shared/agent/commands';

/** Parses `pg_controldata` output (run with LC_ALL=C). Pure. */
export function parseControlData(text: string): ControlData {
  const field = (label: string) => new RegExp(`^${label}:\\s+(.+)$`, 'm').exec(text)?.[1]?.trim() ?? null;
  const tli = field("Latest checkpoint's TimeLineID");
  return {
    clusterState: field('Database cluster state') ?? 'unknown',
    latestCheckpointLsn: field('Latest checkpoint location'),
    timeline: tli !== null && /^\d+$/.test(tli) ? Number(tli) : null,
  };
}

/**
 * What `postmaster.pid` says: the postmaster's PID, its port and socket
 * directory (lines 1, 4 and 5), or null when the file is missing or unreadable.
 */
export function parsePostmasterPid(text: string): { pid: number; port: number | null; socketDir: string | null } | null {
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isFinite(pid) || pid <= 0) return null;
  const port = Number.parseInt(lines[3] ?? '', 10);
  const socketDir = (lines[4] ?? '').trim();
  return { pid, port: Number.isFinite(port) ? port : null, socketDir: socketDir || null };
}
