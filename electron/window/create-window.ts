import { BrowserWindow, session } from 'electron';
import path from 'node:path';
import { APP_INDEX_URL } from './app-origin';
import { guardSession } from './guards';
import { WINDOW_WEB_PREFERENCES } from './web-preferences';

/**
 * The main window: loaded from `app://replicadesk/` (served by
 * register-protocol.ts with the CSP), sandboxed, context-isolated, no Node
 * in the renderer, every permission but its own notifications denied. The
 * navigation and window guards are applied to every web contents in main.ts.
 */
export function createMainWindow(opts: { distDir: string }): BrowserWindow {
  guardSession(session.defaultSession);
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'ReplicaDesk',
    show: false,
    webPreferences: { ...WINDOW_WEB_PREFERENCES, preload: path.join(opts.distDir, 'electron', 'preload.cjs') },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_INDEX_URL);
  return window;
}
