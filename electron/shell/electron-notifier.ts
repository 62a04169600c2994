import type { Notification, NotificationConstructorOptions } from 'electron';
import type { DesktopNotification, DesktopNotifier } from '../core/desktop-notifier';

type NotificationLike = Pick<Notification, 'show' | 'on'>;

export interface NotifierDeps {
  /** `new Notification(options)` */
  create(options: NotificationConstructorOptions): NotificationLike;
  /** `Notification.isSupported()` */
  supported(): boolean;
  /** A click on a notification: open the window (at its cluster, when the lead routes it). */
  onClick(n: DesktopNotification): void;
  onError(error: unknown): void;
  platform?: NodeJS.Platform;
}

const MAX_TITLE = 120;
const MAX_BODY = 500;

/**
 * Desktop notifications through the OS notification centre. Titles and bodies
 * carry names from databases (cluster and node names anyone can choose), so
 * they are cut to a bounded length, and on Linux, where notification servers
 * may read the body as markup (<a href>, <img>), `&`, `<` and `>` are escaped.
 * A notification is kept referenced until it closes so its click handler lives.
 */
export function electronNotifier(deps: NotifierDeps): DesktopNotifier {
  const live = new Set<NotificationLike>();
  const platform = deps.platform ?? process.platform;
  return {
    notify(n) {
      try {
        if (!deps.supported()) return;
        const body = cut(n.body, MAX_BODY);
        const note = deps.create({ title: cut(n.title, MAX_TITLE), body: platform === 'linux' ? escapeMarkup(body) : body, silent: false });
        live.add(note);
        note.on('click', () => deps.onClick(n));
        note.on('close', () => live.delete(note));
        note.show();
        if (live.size > 50) live.delete(live.values().next().value!);
      } catch (error) {
        deps.onError(error);
      }
    },
  };
}

function cut(text: string, max: number): string {
  const oneLine = [...text].map((c) => (isControl(c) ? ' ' : c)).join('');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** C0 controls but tab and line feed, and DEL. */
function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return (code < 0x20 && c !== '\t' && c !== '\n') || code === 0x7f;
}

export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
