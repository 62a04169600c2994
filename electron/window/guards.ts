import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/logger';
import { isAppUrl } from './app-origin';
import { isAllowedExternalUrl } from './external-links';

/**
 * Security in one place (after Signal's handleCommonWindowEvents): no
 * navigation of any frame away from `app://replicadesk/`, no redirects, no
 * new windows, no webviews; only allowlisted https documentation links open
 * in the system browser; crashes of the renderer or preload are logged.
 */
export function guardWebContents(contents: WebContents, opts: { openExternal: (url: string) => void; log: Logger }): void {
  const stayInApp = (event: { preventDefault(): void }, url: string, what: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    opts.log.warn(`${what} refused`, { url });
  };
  contents.on('will-navigate', (event, url) => stayInApp(event, url, 'navigation'));
  contents.on('will-frame-navigate', (event) => stayInApp(event, event.url, 'frame navigation'));
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) opts.openExternal(url);
    else opts.log.warn('link refused (not an allowlisted https documentation page)', { url });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('preload-error', (_e, path, error) => opts.log.error('preload error', { path, error: error.message }));
  contents.on('render-process-gone', (_e, details) => opts.log.error('renderer gone', { reason: details.reason }));
}

/** The one permission the app uses is desktop notifications, for its own page; every other request is denied. */
export function permissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'notifications' && isAppUrl(requestingUrl);
}

export function guardSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_wc, permission, grant, details) => grant(permissionAllowed(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
}
