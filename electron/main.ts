import { app, dialog, ipcMain, shell, BrowserWindow, Menu, Notification, Tray, nativeImage } from 'electron';
import path from 'node:path';
import { AppCore } from './core/app-core';
import { createLogger } from './core/logger';
import { toLogFormat } from './core/errors';
import { sandboxEnabled } from './core/app-paths';
import { DataDirLock } from './core/instance/data-dir-lock';
import { DELTA_CHANNEL } from '../shared/ipc/delta';
import { resolveDriver } from './drivers';
import { startSandboxHost } from '../agent/sandbox-host';
import { registerIpc, isOwnRenderer } from './ipc/register-ipc';
import { createMainWindow } from './window/create-window';
import { isAppUrl } from './window/app-origin';
import { guardWebContents } from './window/guards';
import { registerAppSchemeBeforeReady, serveAppScheme } from './window/register-protocol';
import { safeStorageCodec } from './shell/safe-storage-codec';
import { AppTray } from './shell/tray';
import { TRAY_ICON_DATA_URL } from './shell/tray-icon';
import { electronNotifier } from './shell/electron-notifier';
import { WindowHolder } from './shell/window-holder';
import { Background } from './shell/background';

/** The Electron shell: everything else is plain Node in ./core. */
const log = createLogger('main');
const distDir = path.join(__dirname, '..');

app.enableSandbox();
registerAppSchemeBeforeReady();
// Every web contents, the main window's included, gets the same guards the moment it exists.
app.on('web-contents-created', (_e, contents) => guardWebContents(contents, { openExternal: (u) => void shell.openExternal(u), log }));

async function start(): Promise<void> {
  // A second launch brings the running app's window back instead of starting another core.
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const acquired = await DataDirLock.acquire(dataDir, 'desktop');
  if (!acquired.ok) {
    dialog.showErrorBox('ReplicaDesk cannot start', acquired.reason);
    return app.exit(3);
  }
  const lock = acquired.lock;
  // Alerts reach the desktop through the OS notification centre; a click brings the window back.
  const notifier = electronNotifier({
    create: (o) => new Notification(o),
    supported: () => Notification.isSupported(),
    onClick: () => windows.open(),
    onError: (error) => log.warn('desktop notification failed', { error: toLogFormat(error) }),
  });
  const core = await AppCore.create({
    dataDir,
    desktop: notifier,
    secretCodec: safeStorageCodec(),
    resolveDriver,
    startSandbox: sandboxEnabled(process.argv) ? () => startSandboxHost() : null,
  });
  serveAppScheme(path.join(distDir, 'renderer'));
  const windows = new WindowHolder(() => createMainWindow({ distDir }));
  windows.open();
  registerIpc(ipcMain, core, (event) => isOwnRenderer(event, isAppUrl));
  const off = core.onDelta((delta) => windows.current()?.webContents.send(DELTA_CHANNEL, delta));
  // The tray's "Pause alerts" is the alerts service's own switch.
  const alerts = core.alerts;
  const background = new Background({
    hasTray: () => tray !== null,
    notifier,
    dispose: async () => {
      off();
      tray?.destroy();
      await core.dispose();
      await lock.release();
    },
    exit: (code) => app.exit(code),
    onError: (error) => log.error('quit failed', { error: toLogFormat(error) }),
  });
  const tray = AppTray.start(
    {
      createTray: () => new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL)),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      alerts,
      onOpen: () => windows.open(),
      onQuit: () => void background.quit(),
    },
    (error) => log.warn('no tray icon: closing the window will quit', { error: toLogFormat(error) }),
  );
  app.on('second-instance', () => windows.open());
  app.on('window-all-closed', () => background.windowsClosed());
  app.on('before-quit', (event) => background.beforeQuit(event));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) windows.open();
  });
}

start().catch((error) => {
  log.error('ReplicaDesk failed to start', { error: toLogFormat(error) });
  app.exit(1);
});
