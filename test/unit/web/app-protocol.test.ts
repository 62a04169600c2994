import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { APP_SCHEME_PRIVILEGES, answerAppRequest, resolveAppFile } from '../../../electron/window/app-protocol';
import { isAppUrl } from '../../../electron/window/app-origin';

const ROOT = '/opt/rd/dist/renderer';

describe('app:// protocol: files under the renderer folder only', () => {
  it('maps app://replicadesk/ paths to files under the folder, / to index.html', () => {
    expect(resolveAppFile(ROOT, 'app://replicadesk/')).toEqual({ ok: true, value: path.join(ROOT, 'index.html') });
    expect(resolveAppFile(ROOT, 'app://replicadesk/index.html')).toEqual({ ok: true, value: path.join(ROOT, 'index.html') });
    expect(resolveAppFile(ROOT, 'app://replicadesk/assets/main-abc.js?v=1#x')).toEqual({ ok: true, value: path.join(ROOT, 'assets/main-abc.js') });
    expect(resolveAppFile(ROOT, 'app://replicadesk/assets/a%20b.css')).toEqual({ ok: true, value: path.join(ROOT, 'assets/a b.css') });
  });

  it('refuses path traversal in every spelling', () => {
    // Slashes encoded as %2f (or %2F) survive the URL parser and decode to `..` segments: refused.
    const attempts = [
      'app://replicadesk/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://replicadesk/..%2f..%2fsecrets.json',
      'app://replicadesk/assets/..%2F..%2F..%2Fmain.cjs',
      'app://replicadesk/..%2f..%2frenderer-evil%2findex.html',
    ];
    for (const url of attempts) expect(resolveAppFile(ROOT, url), url).toMatchObject({ ok: false, code: 'forbidden' });
    // Plain or %2e-spelled `..` segments are folded by the URL parser before we see them: they stay inside.
    for (const [url, inside] of [
      ['app://replicadesk/../../etc/passwd', 'etc/passwd'],
      ['app://replicadesk/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
      ['app://replicadesk/assets/%2E%2E/%2E%2E/main.cjs', 'main.cjs'],
      ['app://replicadesk/%2e%2e', 'index.html'],
    ] as const) {
      expect(resolveAppFile(ROOT, url), url).toEqual({ ok: true, value: path.join(ROOT, inside) });
    }
  });

  it('refuses bad encodings, NUL and backslashes', () => {
    expect(resolveAppFile(ROOT, 'app://replicadesk/%zz')).toMatchObject({ ok: false, code: 'bad-request' });
    expect(resolveAppFile(ROOT, 'app://replicadesk/index.html%00.js')).toMatchObject({ ok: false, code: 'bad-request' });
    expect(resolveAppFile(ROOT, 'app://replicadesk/..%5c..%5cetc%5cpasswd')).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('serves only its own origin', () => {
    for (const url of ['app://other/index.html', 'app://replicadesk:1/index.html', 'file:///opt/rd/dist/renderer/index.html', 'https://replicadesk/']) {
      expect(resolveAppFile(ROOT, url), url).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(isAppUrl('app://replicadesk/index.html')).toBe(true);
  });

  it('answers GET with the file, its type and the CSP; other methods, traversal and missing files with 4xx', async () => {
    const files = new Map([[path.join(ROOT, 'index.html'), Buffer.from('<html>')]]);
    const readFile = async (f: string) => {
      const b = files.get(f);
      if (!b) throw new Error('ENOENT');
      return b;
    };
    const opts = { rendererDir: ROOT, csp: "default-src 'self'", readFile };
    const good = await answerAppRequest({ url: 'app://replicadesk/index.html', method: 'GET' }, opts);
    expect(good.status).toBe(200);
    expect(good.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'self'", 'X-Content-Type-Options': 'nosniff' });
    expect(Buffer.from(good.body).toString()).toBe('<html>');
    expect((await answerAppRequest({ url: 'app://replicadesk/index.html', method: 'POST' }, opts)).status).toBe(405);
    expect((await answerAppRequest({ url: 'app://replicadesk/..%2fmain.cjs', method: 'GET' }, opts)).status).toBe(403);
    expect((await answerAppRequest({ url: 'app://replicadesk/%zz', method: 'GET' }, opts)).status).toBe(400);
    expect((await answerAppRequest({ url: 'app://replicadesk/missing.js', method: 'GET' }, opts)).status).toBe(404);
  });

  it('is registered as a standard, secure scheme before ready (real origin, no mixed-content downgrade)', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } });
  });
});
