import { formatGtid, type Gtid } from './gtid';

/**
 * Errant transactions: GTIDs a replica logged whose domain-server pair never came
 * from its primary. `replicaState` and `primaryState` are `@@gtid_binlog_state`
 * (the last GTID of every domain-server pair in the binlog), so an errant write
 * stays visible after the primary's later writes replace it in `gtid_binlog_pos`.
 * Each errant pair is named by its last GTID, `domain-server-seq`.
 * A pair the primary has is never errant, even with a higher sequence on the
 * replica (the two were read a moment apart).
 */
export function errantGtids(replicaState: readonly Gtid[], primaryState: readonly Gtid[]): string[] {
  const pairs = new Set(primaryState.map((g) => `${g.domain}-${g.server}`));
  return replicaState
    .filter((g) => !pairs.has(`${g.domain}-${g.server}`))
    .sort((a, b) => a.domain - b.domain || a.server - b.server)
    .map(formatGtid);
}

/** The node warning for errant GTIDs on `replica` (null when there are none). */
export function errantWarning(replicaName: string, primaryName: string, errant: readonly string[]): string | null {
  if (errant.length === 0) return null;
  const list = errant.join(', ');
  return (
    `errant GTID${errant.length > 1 ? 's' : ''} ${list}: transaction${errant.length > 1 ? 's' : ''} written on ${replicaName} ` +
    `that ${primaryName} never had (a write with sql_log_bin=1 on a replica); it blocks promoting ${replicaName} until removed or applied on ${primaryName}`
  );
}
