import type { AgentEvent } from '../../shared/agent/events';
import type { GaleraConflictRecord, GaleraConflictThread } from '../../shared/engines/galera-conflict';

const quoted = (t: GaleraConflictThread | null) => (t?.query ? `"${t.query}${t.queryCut ? '…' : ''}"` : null);

/** The `conflict-detected` event for one record of the log; the record rides along as `galeraConflict`. */
export function galeraConflictEvent(nodeId: string, r: GaleraConflictRecord, at: number): AgentEvent {
  const v = r.victim;
  const victim = `thread ${v.thread ?? '?'}${v.conflict ? ` (${v.conflict})` : ''}`;
  const what = quoted(v) ?? (v.query === null && r.kind === 'brute-force-abort' ? 'between statements (SQL: NULL)' : 'query not logged');
  const where = [r.table ? `table ${r.table}` : null, r.key ? `key ${r.key}` : null].filter(Boolean).join(', ');
  const winner = r.winner ? `; winner seqno ${r.winner.seqno ?? '?'}${quoted(r.winner) ? ` ${quoted(r.winner)}` : ''}` : '';
  const head = r.kind === 'brute-force-abort' ? 'Galera brute-force abort' : 'Galera certification failure';
  return {
    at,
    kind: 'conflict-detected',
    severity: 'warning',
    nodeId,
    message: `${head} at ${r.loggedAt}: victim ${victim} ${what}${where ? ` on ${where}` : ''}${winner} (from the error log)`,
    galeraConflict: r,
  };
}
