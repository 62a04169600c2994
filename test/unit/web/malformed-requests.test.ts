import { afterEach, describe, expect, it } from 'vitest';
import type { WebServer } from '../../../electron/web/web-server';
import { rawGet, rawRequest } from './raw-http';
import { startTestWebServer } from './web-client';

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function start(): Promise<WebServer> {
  const t = await startTestWebServer();
  stop = t.stop;
  return t.server;
}

/** The server still serves a good client: a fresh launch link gets the app. */
async function stillServes(s: WebServer): Promise<void> {
  const target = new URL(s.launchUrl());
  const r = await rawRequest(s.port, rawGet(s.port, `${target.pathname}${target.search}`));
  expect(r.status).toBe(303);
}

describe('browser-mode server: malformed requests get 400 and the process lives', () => {
  it('answers a session cookie that is not valid percent-encoding with 400', async () => {
    const s = await start();
    // The exact request of the report: a cookie of the old name is not ours any more, so it is not read.
    expect((await rawRequest(s.port, rawGet(s.port, '/', ['Cookie: replicadesk_session=%']))).status).toBe(401);
    for (const cookie of [`replicadesk_session_${s.port}=%`, `replicadesk_session_${s.port}=%E0%A4%A`, `a=%; replicadesk_session_${s.port}=%zz`]) {
      expect((await rawRequest(s.port, rawGet(s.port, '/', [`Cookie: ${cookie}`]))).status).toBe(400);
    }
    await stillServes(s);
  });

  it('answers request targets that are not URLs (//[ and http://[) with 400', async () => {
    const s = await start();
    for (const target of ['//[', 'http://[', '//[/bridge', 'http://[:1/']) {
      expect((await rawRequest(s.port, rawGet(s.port, target))).status).toBe(400);
    }
    await stillServes(s);
  });

  it('answers a path that is not valid percent-encoding with 400, with and without the token', async () => {
    const s = await start();
    const token = new URL(s.launchUrl()).searchParams.get('token')!;
    expect((await rawRequest(s.port, rawGet(s.port, `/%zz?token=${token}`))).status).toBe(400);
    expect((await rawRequest(s.port, rawGet(s.port, '/%zz'))).status).toBe(400);
    await stillServes(s);
  });

  it('answers malformed upgrades to the bridge with 400 and keeps serving', async () => {
    const s = await start();
    const upgrade = (target: string, extra: string[] = []) =>
      rawGet(s.port, target, ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', ...extra]);
    expect((await rawRequest(s.port, upgrade('//['))).status).toBe(400);
    expect((await rawRequest(s.port, upgrade('/bridge', [`Cookie: replicadesk_session_${s.port}=%`, `Origin: http://127.0.0.1:${s.port}`]))).status).toBe(400);
    expect((await rawRequest(s.port, upgrade('/%zz'))).status).toBe(400);
    await stillServes(s);
  });
});
