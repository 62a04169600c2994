import type { DeskApi } from '../../shared/ipc/api';
import { parseDelta } from './parse-delta';
import type { ConnectionStatus, DeskClient } from './types';

/**
 * Wraps the preload's `window.replicadesk`. IPC to the main process is always
 * there while the window lives, so the status is `open`; pushes are still
 * validated, like every frame that crosses a boundary.
 */
export function createElectronClient(api: DeskApi): DeskClient {
  const status: ConnectionStatus = { kind: 'open', since: Date.now() };
  return {
    transport: 'electron',
    label: 'Electron IPC',
    demo: false,
    invoke: (channel, request) => api.invoke(channel, request),
    onDelta: (listener) =>
      api.onDelta((payload) => {
        const delta = parseDelta(payload);
        if (delta) listener(delta);
      }),
    status: () => status,
    onStatus: () => () => undefined,
    dispose: () => undefined,
  };
}
