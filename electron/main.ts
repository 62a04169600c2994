import { app, ipcMain, shell, BrowserWindow } from 'electron';
import path from 'node:path';
import { AppCore } from './core/app-core';
import { createLogger } from './core/logger';
import { toLogFormat } from './core/errors';
import { sandboxEnabled } from './core/app-paths';
import { DELTA_CHANNEL } from '../shared/ipc/delta';
import { resolveDriver } from './drivers';
import { startSandboxHost } from '../agent/sandbox-host';
import { registerIpc, isOwnRenderer } from './ipc/register-ipc';
import { createMainWindow } from './window/create-window';
import { isAppUrl } from './window/app-origin';
import { guardWebContents } from './window/guards';
import { registerAppSchemeBeforeReady, serveAppScheme } from './window/register-protocol';
import { safeStorageCodec } from './shell/safe-storage-codec';

/** The Electron shell: everything else is plain Node in ./core. */
const log = createLogger('main');
const distDir = path.join(__dirname, '..');

app.enableSandbox();
registerAppSchemeBeforeReady();
// Every web contents, the main window's included, gets the same guards the moment it exists.
app.on('web-contents-created', (_e, contents) => guardWebContents(contents, { openExternal: (u) => void shell.openExternal(u), log }));

async function start(): Promise<void> {
  await app.whenReady();
  const core = await AppCore.create({
    dataDir: app.getPath('userData'),
    secretCodec: safeStorageCodec(),
    resolveDriver,
    startSandbox: sandboxEnabled(process.argv) ? () => startSandboxHost() : null,
  });
  serveAppScheme(path.join(distDir, 'renderer'));
  const window = createMainWindow({ distDir });
  registerIpc(ipcMain, core, (event) => isOwnRenderer(event, isAppUrl));
  const off = core.onDelta((delta) => {
    if (!window.isDestroyed()) window.webContents.send(DELTA_CHANNEL, delta);
  });
  app.on('window-all-closed', () => {
    off();
    void core.dispose().finally(() => app.quit());
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow({ distDir });
  });
}

start().catch((error) => {
  log.error('ReplicaDesk failed to start', { error: toLogFormat(error) });
  app.exit(1);
});
