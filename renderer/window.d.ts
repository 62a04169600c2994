import type { DeskApi } from '../shared/ipc/api';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in browser mode. */
    replicadesk?: DeskApi;
  }
}

export {};
