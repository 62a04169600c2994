import type { Notice } from '../../../../shared/ipc/alerts';
import type { AlertChange } from '../alert-book';

/**
 * Shows an alert on the desktop. The Electron shell implements it with its
 * Notification API; browser mode uses `PulledNotices` (the page pulls them
 * with `alerts:notices` and shows them with the browser's Notification).
 */
export interface DesktopNotifier {
  notify(notice: Notice): void;
}

export function toNotice(c: AlertChange, seq: number): Notice {
  const a = c.alert;
  const where = a.node ? `${a.cluster} / ${a.node}` : a.cluster;
  return c.kind === 'firing'
    ? { seq, title: `${a.severity === 'critical' ? 'Critical' : 'Warning'}: ${a.rule} on ${where}`, body: a.summary, severity: a.severity, key: a.key }
    : { seq, title: `Resolved: ${a.rule} on ${where}`, body: a.summary, severity: 'resolved', key: a.key };
}

const KEEP = 100;

/** The browser-mode notifier: the last notices, for the page to pull after a sequence number. */
export class PulledNotices implements DesktopNotifier {
  private readonly notices: Notice[] = [];

  notify(notice: Notice): void {
    this.notices.push(notice);
    if (this.notices.length > KEEP) this.notices.shift();
  }

  after(seq: number): Notice[] {
    return this.notices.filter((n) => n.seq > seq);
  }
}
