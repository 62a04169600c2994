import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { guardSession, guardWebContents, permissionAllowed } from '../../../electron/window/guards';
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
  /** Electron ≥ 25 passes one event object carrying the URL, for the top frame and every subframe. */
  frameNavigate(url: string): boolean {
    let prevented = false;
    this.emit('will-frame-navigate', { url, isMainFrame: false, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function guarded() {
  const contents = new FakeContents();
  const opened: string[] = [];
  guardWebContents(contents as never, { openExternal: (u) => opened.push(u), log: createLogger('test') });
  return { contents, opened };
}

const NOT_THE_APP = [
  'https://evil.example/',
  'file:///etc/passwd',
  'file:///app/renderer/index.html',
  'app://replicadesk.evil/index.html',
  'app://replicadeskx/index.html',
  'app://replicadesk:8080/index.html',
  'app://user@replicadesk/index.html',
  'APP-x://replicadesk/',
  'javascript:alert(1)',
  'not a url',
];

describe('window guards', () => {
  it('cancels navigation away from app://replicadesk/ (origin compared exactly, not by prefix), and allows it within', () => {
    const { contents } = guarded();
    for (const url of NOT_THE_APP) expect(contents.navigate(url), url).toBe(true);
    expect(contents.navigate('app://replicadesk/index.html')).toBe(false);
    expect(contents.navigate('app://replicadesk/index.html#/clusters')).toBe(false);
  });

  it('cancels frame navigation (will-frame-navigate) the same way', () => {
    const { contents } = guarded();
    for (const url of NOT_THE_APP) expect(contents.frameNavigate(url), url).toBe(true);
    expect(contents.frameNavigate('app://replicadesk/index.html')).toBe(false);
  });

  it('cancels every redirect', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-redirect', { preventDefault: () => (prevented = true) }, 'app://replicadesk/index.html');
    expect(prevented).toBe(true);
  });

  it('denies every new window; only allowlisted https documentation links go to the system browser', () => {
    const { contents, opened } = guarded();
    const urls = [
      'https://www.postgresql.org/docs/15/runtime-config-replication.html',
      'https://patroni.readthedocs.io/en/latest/',
      'http://www.postgresql.org/docs/',
      'https://evil.example/',
      'https://www.postgresql.org.evil.example/',
      'https://www.postgresql.org:8443/',
      'https://user@www.postgresql.org/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
    ];
    for (const url of urls) expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.postgresql.org/docs/15/runtime-config-replication.html', 'https://patroni.readthedocs.io/en/latest/']);
  });

  it('refuses webviews', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('session permissions', () => {
  it('grants only notifications, only to the app itself; denies every other request and check', () => {
    expect(permissionAllowed('notifications', 'app://replicadesk/index.html')).toBe(true);
    expect(permissionAllowed('notifications', 'https://evil.example/')).toBe(false);
    expect(permissionAllowed('notifications', 'app://replicadesk.evil/')).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      expect(permissionAllowed(p, 'app://replicadesk/index.html'), p).toBe(false);
    }
    let request: ((wc: unknown, p: string, grant: (ok: boolean) => void, d: { requestingUrl: string }) => void) | null = null;
    let check: ((wc: unknown, p: string, origin: string) => boolean) | null = null;
    guardSession({ setPermissionRequestHandler: (h: never) => (request = h), setPermissionCheckHandler: (h: never) => (check = h) } as never);
    const granted: boolean[] = [];
    request!(null, 'media', (g) => granted.push(g), { requestingUrl: 'app://replicadesk/index.html' });
    request!(null, 'notifications', (g) => granted.push(g), { requestingUrl: 'app://replicadesk/index.html' });
    expect(granted).toEqual([false, true]);
    expect(check!(null, 'geolocation', 'app://replicadesk')).toBe(false);
  });
});
