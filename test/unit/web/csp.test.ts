import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ELECTRON_CSP, browserModeCsp, buildCsp } from '../../../electron/window/csp';
import { WINDOW_WEB_PREFERENCES } from '../../../electron/window/web-preferences';
import { CSP as STATIC_CSP } from '../../../electron/web/static-files';

const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));

/** No bare scheme (`ws:`, `wss:`, `https:`), no wildcard: every source names its host. */
function everySourceExact(csp: string): boolean {
  return csp.split(';').every((d) => d.trim().split(/\s+/).slice(1).every((s) => !/^[a-z-]+:$/i.test(s) || s === 'data:') && !d.includes('*'));
}

describe('Content-Security-Policy', () => {
  it('Electron: connect-src is the app itself; no inline script, no eval, no objects, frames or base changes', () => {
    expect(directive(ELECTRON_CSP, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(ELECTRON_CSP, 'script-src')).toBe("script-src 'self'");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-eval|unsafe-inline'?\s*;?\s*script/);
    expect(directive(ELECTRON_CSP, 'object-src')).toBe("object-src 'none'");
    expect(directive(ELECTRON_CSP, 'frame-src')).toBe("frame-src 'none'");
    expect(directive(ELECTRON_CSP, 'base-uri')).toBe("base-uri 'none'");
    expect(everySourceExact(ELECTRON_CSP)).toBe(true);
  });

  it('browser mode: its own WebSocket on its own port, never ws:/wss: to any host', () => {
    const csp = browserModeCsp(43123);
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' ws://127.0.0.1:43123");
    expect(everySourceExact(csp)).toBe(true);
    expect(() => browserModeCsp(0)).toThrow(/port/);
    expect(() => buildCsp({ connect: ['ws:'] })).toThrow(/exactly/);
    expect(() => buildCsp({ connect: ['wss://*.example:1'] })).toThrow(/exactly/);
  });

  it('the policy browser mode serves and the one in index.html allow no WebSocket to any host', () => {
    expect(everySourceExact(STATIC_CSP)).toBe(true);
    const html = readFileSync(path.join(__dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain('connect-src');
    expect(everySourceExact(meta)).toBe(true);
  });
});

describe('window webPreferences', () => {
  it('sandboxed, context-isolated, no Node anywhere, web security on, no webviews', () => {
    expect(WINDOW_WEB_PREFERENCES).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(WINDOW_WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(WINDOW_WEB_PREFERENCES).not.toHaveProperty('preload');
  });
});
