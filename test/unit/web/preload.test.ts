import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The preload, with Electron's two objects replaced: what it hands the page, and what reaches ipcRenderer. */
const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
const listeners = new Map<string, (...a: unknown[]) => void>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...a: unknown[]) => (invoked.push(a), Promise.resolve({ ok: true, value: 'sent' })),
    on: (channel: string, h: (...a: unknown[]) => void) => listeners.set(channel, h),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

interface Api {
  transport: string;
  invoke(channel: unknown, req: unknown): Promise<unknown>;
  onDelta(l: (d: unknown) => void): () => void;
}

describe('preload: the only thing the page sees', () => {
  let api: Api;
  beforeEach(async () => {
    await import('../../../electron/preload/preload');
    api = exposed.get('replicadesk') as Api;
  });

  it('exposes one object with three members, never ipcRenderer or any Electron object', () => {
    expect([...exposed.keys()]).toEqual(['replicadesk']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onDelta', 'transport']);
    expect(api.transport).toBe('electron');
  });

  it('forwards contract channels only; an unknown channel is answered without reaching the main process', async () => {
    expect(await api.invoke('clusters:list', {})).toEqual({ ok: true, value: 'sent' });
    expect(await api.invoke('ipc:anything', {})).toMatchObject({ ok: false, code: 'unknown-channel' });
    expect(await api.invoke({ toString: () => 'clusters:list' }, {})).toMatchObject({ ok: false, code: 'unknown-channel' });
    expect(invoked).toEqual([['clusters:list', {}]]);
  });

  it('passes deltas without the Electron event object, and unsubscribes', () => {
    const got: unknown[][] = [];
    const off = api.onDelta((...a) => got.push(a));
    const [channel, handler] = [...listeners.entries()][0]!;
    handler({ sender: 'ipc-event' }, { seq: 1 });
    expect(got).toEqual([[{ seq: 1 }]]);
    off();
    expect(listeners.has(channel)).toBe(false);
  });
});
