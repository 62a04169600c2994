import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channels } from '../../shared/ipc/contract';
import { fail, type Result } from '../../shared/result';

export interface IpcCore {
  handle(channel: unknown, request: unknown): Promise<Result<unknown>>;
}

/**
 * Registers one handler per contract channel (unknown channels have none).
 * Every call must come from our own top frame (after VS Code's
 * validatedIpcMain); the payload is validated by the core against the contract.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: IpcCore,
  isTrustedSender: (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => boolean,
): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!isTrustedSender(event)) return fail('forbidden', `${channel}: the request did not come from ReplicaDesk's own window`);
      return core.handle(channel, request);
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}

/** True for our renderer: the top frame, at a URL of the app's own origin (an exact check, never a prefix). */
export function isOwnRenderer(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
