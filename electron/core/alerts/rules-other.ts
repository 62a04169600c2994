import type { RuleLimits } from '../../../shared/ipc/alerts';
import type { InDoubt } from '../../../shared/model/locking';
import { formatMs } from '../events/format';
import type { AlertObservation } from './alert-book';

/** Raised while the cluster has an open conflict; cleared when none is open (resolved or dropped). */
export function conflictObservation(open: number, limits: RuleLimits): AlertObservation[] {
  if (limits.disabled.includes('conflict-opened')) return [];
  return [{
    key: 'conflict-opened:cluster', rule: 'conflict-opened', severity: 'warning', nodeId: null, node: null,
    raise: open > 0, clear: open === 0,
    summary: `${open} open replication conflict${open === 1 ? '' : 's'}`, clearsWhen: 'every conflict is resolved',
  }];
}

/** One alert per in-doubt gid older than the limit; it clears when the gid is committed or rolled back everywhere. */
export function inDoubtObservations(rows: readonly InDoubt[], at: number, limits: RuleLimits, nodeName: (id: string) => string): AlertObservation[] {
  if (limits.disabled.includes('in-doubt')) return [];
  const limitMs = limits.inDoubtAgeSeconds * 1000;
  return rows.map((r) => {
    const age = at - r.oldestPreparedAt;
    return {
      key: `in-doubt:${r.gid}`, rule: 'in-doubt', severity: 'warning', nodeId: r.nodes[0] ?? null, node: r.nodes[0] ? nodeName(r.nodes[0]) : null,
      raise: age > limitMs, clear: false,
      summary: `prepared transaction "${r.gid}" on ${r.nodes.map(nodeName).join(', ')} is in doubt for ${formatMs(age)} (limit ${formatMs(limitMs)})`,
      clearsWhen: 'COMMIT PREPARED or ROLLBACK PREPARED on every node holding it',
    };
  });
}

/**
 * Leader changes within the last `leaderWindowMinutes`: raised above
 * `leaderChanges`, cleared once the window holds at most half of that (so a
 * group that keeps electing now and then does not fire and resolve in turn).
 */
export function leaderFlapObservation(changeTimes: readonly number[], at: number, limits: RuleLimits): AlertObservation[] {
  if (limits.disabled.includes('leader-flapping')) return [];
  const windowMs = limits.leaderWindowMinutes * 60_000;
  const n = changeTimes.filter((t) => at - t <= windowMs).length;
  return [{
    key: 'leader-flapping:cluster', rule: 'leader-flapping', severity: 'warning', nodeId: null, node: null,
    raise: n > limits.leaderChanges, clear: n <= Math.floor(limits.leaderChanges / 2),
    summary: `${n} leader changes in the last ${limits.leaderWindowMinutes} min (limit ${limits.leaderChanges})`,
    clearsWhen: `at most ${Math.floor(limits.leaderChanges / 2)} leader changes in ${limits.leaderWindowMinutes} min`,
  }];
}
