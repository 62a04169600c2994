import { BrowserWindow, shell, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CSP } from '../web/static-files';
import type { Logger } from '../core/logger';
import { guardWebContents } from './guards';

/** The main window: sandboxed, context-isolated, no Node in the renderer, strict CSP. */
export function createMainWindow(opts: { distDir: string; log: Logger }): { window: BrowserWindow; appUrlPrefix: string } {
  const indexHtml = path.join(opts.distDir, 'renderer', 'index.html');
  const appUrlPrefix = pathToFileURL(path.join(opts.distDir, 'renderer')).href;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, grant) => grant(permission === 'notifications'));
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'ReplicaDesk',
    show: false,
    webPreferences: {
      preload: path.join(opts.distDir, 'electron', 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  guardWebContents(window.webContents, { appUrlPrefix, openExternal: (u) => void shell.openExternal(u), log: opts.log });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(indexHtml);
  return { window, appUrlPrefix };
}
