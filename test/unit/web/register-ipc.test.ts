import { describe, expect, it } from 'vitest';
import { isOwnRenderer, registerIpc } from '../../../electron/ipc/register-ipc';
import { channels } from '../../../shared/ipc/contract';
import { isAppUrl } from '../../../electron/window/app-origin';
import { ok } from '../../../shared/result';

type Handler = (event: unknown, req: unknown) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (c: string, h: Handler) => void handlers.set(c, h),
    removeHandler: (c: string) => void handlers.delete(c),
  };
}
const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

describe('registerIpc', () => {
  it('registers exactly the contract channels and refuses calls from other frames', async () => {
    const ipc = fakeIpcMain();
    const calls: unknown[] = [];
    const core = { handle: async (c: unknown, r: unknown) => (calls.push([c, r]), ok('done')) };
    const off = registerIpc(ipc as never, core, (e) => isOwnRenderer(e as never, isAppUrl));
    expect([...ipc.handlers.keys()].sort()).toEqual([...channels].sort());
    const list = ipc.handlers.get('clusters:list')!;
    expect(await list(frame('app://replicadesk/index.html'), {})).toEqual(ok('done'));
    expect(await list(frame('https://evil.example/'), {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await list(frame('app://replicadesk/index.html', { url: 'x' }), {})).toMatchObject({ ok: false, code: 'forbidden' });
    // A prefix is not an origin: neighbours of the app's URL are refused.
    for (const url of ['app://replicadesk.evil/index.html', 'app://replicadesk:1/index.html', 'file:///app/renderer/index.html']) {
      expect(await list(frame(url), {})).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(calls).toHaveLength(1);
    off();
    expect(ipc.handlers.size).toBe(0);
  });
});
