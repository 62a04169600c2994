import { quoteIdent } from '../../../shared/postgres/quote';
import type { NodeReading } from './node-reading';

/**
 * What the admin should know about one node's reading, mostly grants a
 * least-privilege login lacks. A `pg_monitor` member reads everything the
 * sample needs; reading server logs needs one more grant.
 */
export function nodeNotes(r: NodeReading): string[] {
  const notes: string[] = [];
  const user = quoteIdent(r.user);
  if (!r.isSuperuser && !r.canReadStats) {
    notes.push(
      `${r.user} cannot see replication addresses, positions and lag (pg_stat_replication, pg_stat_wal_receiver): GRANT pg_monitor TO ${user};`,
    );
  }
  if (r.systemId === null) {
    notes.push(
      `${r.user} cannot read the system identifier, so discovery trusts the WAL receiver alone: GRANT EXECUTE ON FUNCTION pg_control_system() TO ${user};`,
    );
  }
  // Only conflict detection reads the log, and only where subscriptions apply (a primary with subscriptions).
  if (!r.canReadFiles && !r.inRecovery && r.subscriptionCount > 0) {
    notes.push(
      `reading the server log (apply conflicts) needs GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO ${user}; GRANT EXECUTE ON FUNCTION pg_current_logfile(text) TO ${user};`,
    );
  }
  if (r.inRecovery && r.minApplyDelay !== '0') {
    notes.push(`replays with recovery_min_apply_delay = ${r.minApplyDelay}: its time lag includes this delay on purpose`);
  }
  if (r.inRecovery && r.replayPaused) notes.push('WAL replay is paused (pg_wal_replay_resume() resumes it)');
  return notes;
}

/** A sample warning when some nodes are read without pg_monitor (replication details are then hidden). */
export function privilegeWarning(readings: readonly { id: string; reading: NodeReading }[]): string | null {
  const lacking = readings.filter((x) => !x.reading.isSuperuser && !x.reading.canReadStats);
  const first = lacking[0];
  if (!first) return null;
  const ids = lacking.map((x) => x.id).join(', ');
  return `${first.reading.user} is not in pg_monitor on ${ids}: lag and topology are incomplete. Run GRANT pg_monitor TO ${quoteIdent(first.reading.user)}; on the primary.`;
}
