import { describe, expect, it, vi } from 'vitest';
import { WindowHolder } from '../../../electron/shell/window-holder';
import { Background } from '../../../electron/shell/background';

// These shell modules take Electron's objects as arguments: importing electron at run time would fail here.
vi.mock('electron', () => {
  throw new Error('electron was imported at run time');
});

class FakeWindow {
  destroyed = false;
  minimized = false;
  log: string[] = [];
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  restore = () => this.log.push('restore');
  show = () => this.log.push('show');
  focus = () => this.log.push('focus');
}

describe('window holder and background', () => {
  it('makes the window once, shows and focuses it after, and makes a new one after it was closed', () => {
    const made: FakeWindow[] = [];
    const holder = new WindowHolder(() => {
      const w = new FakeWindow();
      made.push(w);
      return w as never;
    });
    expect(holder.current()).toBeNull();
    holder.open();
    made[0]!.minimized = true;
    holder.open();
    expect(made).toHaveLength(1);
    expect(made[0]!.log).toEqual(['restore', 'show', 'focus']);
    made[0]!.destroyed = true;
    expect(holder.current()).toBeNull();
    holder.open();
    expect(made).toHaveLength(2);
  });

  const background = (hasTray: boolean, dispose: () => Promise<void> = async () => {}) => {
    const seen: string[] = [];
    const b = new Background({
      hasTray: () => hasTray,
      notifier: { notify: (n) => seen.push(`notify:${n.title}`) },
      dispose: async () => {
        seen.push('dispose');
        await dispose();
      },
      exit: (code) => seen.push(`exit:${code}`),
      onError: (e) => seen.push(`error:${String(e)}`),
      quitTimeoutMs: 100,
    });
    return { b, seen };
  };

  it('with a tray, closing the window keeps watching and says so once; nothing is disposed', () => {
    const { b, seen } = background(true);
    b.windowsClosed();
    b.windowsClosed();
    expect(seen).toEqual(['notify:ReplicaDesk is still watching']);
    expect(b.isQuitting).toBe(false);
  });

  it('without a tray, closing the last window quits: dispose once, then exit 0', async () => {
    const { b, seen } = background(false);
    b.windowsClosed();
    await b.quit();
    expect(seen).toEqual(['dispose', 'exit:0']);
  });

  it('before-quit is replaced by one bounded quit: a dispose that hangs still exits, one that fails is logged', async () => {
    const hung = background(true, () => new Promise(() => {}));
    let prevented = 0;
    hung.b.beforeQuit({ preventDefault: () => prevented++ });
    hung.b.beforeQuit({ preventDefault: () => prevented++ });
    await hung.b.quit();
    expect(prevented).toBe(2);
    expect(hung.seen).toEqual(['dispose', 'exit:0']);
    const failing = background(true, () => Promise.reject(new Error('close failed')));
    await failing.b.quit();
    expect(failing.seen).toEqual(['dispose', 'error:Error: close failed', 'exit:0']);
  });
});
