import type { WebContents } from 'electron';
import type { Logger } from '../core/logger';

/**
 * Security in one place (after Signal's handleCommonWindowEvents): no
 * navigation away from the app, no new windows, http(s) links open in the
 * system browser, and crashes of the renderer or preload are logged.
 */
export function guardWebContents(
  contents: WebContents,
  opts: { appUrlPrefix: string; openExternal: (url: string) => void; log: Logger },
): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(opts.appUrlPrefix)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) opts.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('preload-error', (_e, path, error) => opts.log.error('preload error', { path, error: error.message }));
  contents.on('render-process-gone', (_e, details) => opts.log.error('renderer gone', { reason: details.reason }));
}
