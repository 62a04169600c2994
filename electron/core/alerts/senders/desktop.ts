import type { Notice } from '../../../../shared/ipc/alerts';
import type { AlertChange } from '../alert-book';

export type { DesktopNotifier } from '../../desktop-notifier';

export function toNotice(c: AlertChange, seq: number): Notice {
  const a = c.alert;
  const where = a.node ? `${a.cluster} / ${a.node}` : a.cluster;
  return c.kind === 'firing'
    ? { seq, title: `${a.severity === 'critical' ? 'Critical' : 'Warning'}: ${a.rule} on ${where}`, body: a.summary, severity: a.severity, key: a.key }
    : { seq, title: `Resolved: ${a.rule} on ${where}`, body: a.summary, severity: 'resolved', key: a.key };
}

const KEEP = 100;

/** Browser mode: notices kept for the page to pull (`alerts:notices`) and show with the Notification API. */
export class PulledNotices {
  private readonly notices: Notice[] = [];

  notify(notice: Notice): void {
    this.notices.push(notice);
    if (this.notices.length > KEEP) this.notices.shift();
  }

  after(seq: number): Notice[] {
    return this.notices.filter((n) => n.seq > seq);
  }
}
