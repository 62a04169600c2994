import { desktopNotify } from '../../lib/desktop-notify';
import type { ClusterEvent } from '../../../shared/model/event';

const KINDS: ReadonlySet<ClusterEvent['kind']> = new Set(['in-doubt-transaction', 'blocking-chain']);

/**
 * The locking events worth a desktop notification: warning or critical, not
 * seen before, and raised since `since` (a reload of old events after a
 * reconnect does not notify again).
 */
export function eventsToNotify(events: readonly ClusterEvent[], seen: ReadonlySet<string>, since: number): ClusterEvent[] {
  return events.filter((e) => KINDS.has(e.kind) && e.severity !== 'info' && !seen.has(e.id) && e.at >= since);
}

/** A desktop notification for a locking event; clicking it selects the cluster. */
export function notifyLockingEvent(e: ClusterEvent, clusterName: string, onClick: () => void): void {
  const title = e.kind === 'in-doubt-transaction' ? 'In-doubt transaction' : 'Blocking chain';
  desktopNotify(`${title} on ${clusterName}`, e.message, `locking-${e.id}`, onClick);
}
