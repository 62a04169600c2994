import type { DeskApi } from '../../shared/ipc/api';
import { defaultFrameReader, type FrameReader, type FrameSink } from './frame-reader';
import type { ConnectionStatus, DeskClient } from './types';

/**
 * Wraps the preload's `window.replicadesk`. IPC to the main process is always
 * there while the window lives, so the status is `open`; pushes are still
 * validated, like every frame that crosses a boundary (in a worker, in order).
 */
export function createElectronClient(
  api: DeskApi,
  frameReader: (onFrame: FrameSink) => FrameReader = defaultFrameReader,
): DeskClient {
  const status: ConnectionStatus = { kind: 'open', since: Date.now() };
  const readers = new Set<FrameReader>();
  return {
    transport: 'electron',
    label: 'Electron IPC',
    demo: false,
    invoke: (channel, request) => api.invoke(channel, request),
    onDelta: (listener) => {
      const reader = frameReader((frame) => {
        if (frame.kind === 'delta') listener(frame.delta);
      });
      readers.add(reader);
      const off = api.onDelta((payload) => reader.read({ kind: 'delta', payload }));
      return () => {
        off();
        reader.dispose();
        readers.delete(reader);
      };
    },
    status: () => status,
    onStatus: () => () => undefined,
    dispose: () => {
      for (const reader of readers) reader.dispose();
      readers.clear();
    },
  };
}
