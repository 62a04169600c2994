import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { guardWebContents } from '../../../electron/window/guards';
import { createLogger } from '../../../electron/core/logger';

/** A WebContents stand-in: the guards only listen to events and set a window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  navigate(url: string): boolean {
    let prevented = false;
    this.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function guarded() {
  const contents = new FakeContents();
  const opened: string[] = [];
  guardWebContents(contents as never, { appUrlPrefix: 'file:///app/renderer', openExternal: (u) => opened.push(u), log: createLogger('test') });
  return { contents, opened };
}

describe('window guards', () => {
  it('cancels navigation away from the app, and allows it within', () => {
    const { contents } = guarded();
    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('file:///etc/passwd')).toBe(true);
    expect(contents.navigate('file:///app/renderer/index.html')).toBe(false);
  });

  it('denies every new window; http(s) links go to the system browser, others nowhere', () => {
    const { contents, opened } = guarded();
    expect(contents.openHandler!({ url: 'https://www.postgresql.org/docs/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.postgresql.org/docs/']);
  });

  it('refuses webviews', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});
