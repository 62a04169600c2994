import type { DriverEvent } from '../../../core/driver';
import type { GaleraRates } from './galera-rates';
import type { GaleraReading } from './galera-reading';

/**
 * A `conflict-detected` event when a node's certification failures or brute-force aborts rose since its
 * previous reading; null otherwise. Both mean a transaction was rolled back because another node wrote
 * the same rows first (the client got a deadlock error, 1213).
 */
export function certificationConflictEvent(nodeId: string, g: GaleraReading, rates: GaleraRates, at: number): DriverEvent | null {
  if (rates.certFailures <= 0 && rates.bfAborts <= 0) return null;
  const ms = rates.elapsedMs;
  const over = ms === null ? '' : ms < 1_000 ? ` in the last ${ms} ms` : ` in the last ${(ms / 1000).toFixed(1)} s`;
  const counts = [
    rates.certFailures > 0 ? `${rates.certFailures} certification failure(s) (wsrep_local_cert_failures ${g.certFailures})` : null,
    rates.bfAborts > 0 ? `${rates.bfAborts} brute-force abort(s) (wsrep_local_bf_aborts ${g.bfAborts})` : null,
  ].filter((x): x is string => x !== null);
  const more = g.logConflicts
    ? "wsrep_log_conflicts is ON: each conflict and the victim's query are in this node's error log (read it on the host or through a node agent)"
    : "SET GLOBAL wsrep_log_conflicts=ON to log each conflict with the victim's query in the error log (read it on the host or through a node agent)";
  return {
    at,
    kind: 'conflict-detected',
    severity: 'warning',
    nodeId,
    message: `Galera certification conflicts on ${g.nodeName || nodeId}${over}: ${counts.join(', ')}; each rolled back a transaction that wrote the same rows as another node's (the client got a deadlock error, 1213, and may retry). ${more}`,
  };
}
