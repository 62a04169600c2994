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

/** A desktop notification (the browser's Notification API, as Electron's renderer has it). Never throws. */
export function notifyLockingEvent(e: ClusterEvent, clusterName: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || document.hasFocus()) return;
  const show = () => {
    try {
      const title = e.kind === 'in-doubt-transaction' ? 'In-doubt transaction' : 'Blocking chain';
      const n = new Notification(`${title} on ${clusterName}`, { body: e.message, tag: `locking-${e.id}` });
      n.onclick = () => {
        window.focus();
        onClick();
      };
    } catch {
      // Some environments expose Notification but refuse to construct it.
    }
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}
