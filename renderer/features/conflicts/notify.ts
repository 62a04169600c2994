import type { ConflictEvent } from '../../../shared/model/conflict';

/**
 * A desktop notification for a new conflict: the browser's Notification API
 * (Electron's renderer implements the same one). Asks for permission once;
 * never throws where notifications are unavailable.
 */
export function notifyConflict(c: ConflictEvent, clusterName: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || document.hasFocus()) return;
  const show = () => {
    try {
      const n = new Notification(`Conflict on ${c.target.table}/${c.target.key}`, {
        body: `${clusterName}: ${c.kind} between ${c.versions.map((v) => v.origin).join(' and ')}`,
        tag: `conflict-${c.id}`,
      });
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
