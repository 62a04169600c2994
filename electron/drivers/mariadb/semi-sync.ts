import type { MariadbSemiSync } from '../../../shared/engines/mariadb';

/**
 * Semi-synchronous replication (built into MariaDB 10.11): the variables and status counters, read from
 * information_schema in the reading's round-trip (names absent on a server without semi-sync give null, not an error).
 */
export const SEMI_SYNC_SQL = `SELECT LOWER(VARIABLE_NAME) AS name, VARIABLE_VALUE AS value FROM information_schema.GLOBAL_STATUS
  WHERE VARIABLE_NAME IN ('RPL_SEMI_SYNC_MASTER_STATUS', 'RPL_SEMI_SYNC_MASTER_CLIENTS', 'RPL_SEMI_SYNC_SLAVE_STATUS')
UNION ALL SELECT LOWER(VARIABLE_NAME), VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES
  WHERE VARIABLE_NAME IN ('RPL_SEMI_SYNC_MASTER_ENABLED', 'RPL_SEMI_SYNC_MASTER_TIMEOUT', 'RPL_SEMI_SYNC_SLAVE_ENABLED')`;

const on = (v: string | undefined) => v === 'ON' || v === '1';

export function parseSemiSync(rows: readonly Record<string, unknown>[]): MariadbSemiSync | null {
  const v = new Map(rows.map((r) => [String(r.name), String(r.value)]));
  const m = (k: string) => v.get(`rpl_semi_sync_master_${k}`);
  const s = (k: string) => v.get(`rpl_semi_sync_slave_${k}`);
  const master =
    m('enabled') === undefined
      ? null
      : { enabled: on(m('enabled')), active: on(m('status')), clients: Math.max(0, Number(m('clients') ?? 0) || 0), timeoutMs: Math.max(0, Number(m('timeout') ?? 0) || 0) };
  const slave = s('enabled') === undefined ? null : { enabled: on(s('enabled')), active: on(s('status')) };
  return master || slave ? { master, slave } : null;
}

/** A DBA-facing note when semi-sync is on but not working (a fallback to asynchronous replication), else null. */
export function semiSyncNote(s: MariadbSemiSync | null | undefined): string | null {
  if (s?.master?.enabled && !s.master.active) {
    return `semi-sync enabled but OFF: no replica acknowledged within rpl_semi_sync_master_timeout (${s.master.timeoutMs} ms), so commits no longer wait (asynchronous); ${s.master.clients} semi-sync replica(s) connected`;
  }
  return null;
}
