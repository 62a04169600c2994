/**
 * Exit codes of `replicadesk`: 2 for bad usage (as the agent CLI), 3 when another
 * core already watches the data directory (the systemd unit does not restart on 2 or 3).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, inUse: 3 } as const;
