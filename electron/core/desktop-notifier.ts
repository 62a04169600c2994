import type { Logger } from './logger';

export interface DesktopNotification {
  title: string;
  body: string;
  /** The cluster it is about: a click opens the window (the lead may route it to that cluster). */
  clusterId?: string;
}

/**
 * Desktop notifications, as the alerts service sends them. The Electron shell
 * implements it with the OS notification centre (electron/shell/electron-notifier.ts);
 * headless (`replicadesk serve`, browser mode) there is no desktop, so it logs.
 * `notify` never throws.
 */
export interface DesktopNotifier {
  notify(n: DesktopNotification): void;
}

/** Headless: one log line per notification. */
export function loggingNotifier(log: Logger): DesktopNotifier {
  return { notify: (n) => log.info('desktop notification (headless: logged only)', { title: n.title, body: n.body, clusterId: n.clusterId ?? null }) };
}
