import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isChannel } from '../../shared/ipc/contract';
import { DELTA_CHANNEL, type MonitorDelta } from '../../shared/ipc/delta';
import type { DeskApi } from '../../shared/ipc/api';

/** The narrow, typed facade the renderer sees: never ipcRenderer itself. */
const api: DeskApi = {
  transport: 'electron',
  invoke: (channel, request) => {
    if (!isChannel(channel)) {
      return Promise.resolve({ ok: false, code: 'unknown-channel', reason: `unknown channel ${String(channel)}` });
    }
    return ipcRenderer.invoke(channel, request);
  },
  onDelta: (listener) => {
    const handler = (_event: IpcRendererEvent, delta: MonitorDelta) => listener(delta);
    ipcRenderer.on(DELTA_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(DELTA_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('replicadesk', api);
