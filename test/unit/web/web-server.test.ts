import { afterEach, describe, expect, it } from 'vitest';
import type { WebServer } from '../../../electron/web/web-server';
import { nextFrame, openAppBridge, openBridge, ownOrigin, request, startTestWebServer } from './web-client';

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

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and refuses requests without a launch link or session', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+\.[\w-]+$/);
    expect((await request(`http://127.0.0.1:${s.port}/`)).status).toBe(401);
    expect((await request(`http://127.0.0.1:${s.port}/?token=wrong`)).status).toBe(401);
  });

  it('serves the app with the session cookie, with a CSP whose connect-src is only this origin', async () => {
    const s = await start();
    const first = await request(s.url);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const r = await request(`http://127.0.0.1:${s.port}/`, { headers: { Cookie: cookie } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('ReplicaDesk');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("connect-src 'self';");
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const s = await start();
    expect((await request(s.url, { headers: { Host: 'evil.example:80' } })).status).toBe(421);
  });

  it('refuses a bridge connection without a session or from another origin', async () => {
    const s = await start();
    await expect(openBridge(s, { Origin: ownOrigin(s) })).rejects.toThrow(/401/);
    await expect(openBridge(s, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers requests over the bridge and names the failing field of a bad one', async () => {
    const s = await start();
    const ws = await openAppBridge(s);
    ws.send(JSON.stringify({ id: 1, channel: 'clusters:list', request: {} }));
    expect(await nextFrame(ws)).toEqual({ type: 'response', id: 1, result: { ok: true, value: [] } });
    ws.send(JSON.stringify({ id: 2, channel: 'clusters:remove', request: { clusterId: 5 } }));
    expect(await nextFrame(ws)).toMatchObject({ id: 2, result: { ok: false, code: 'invalid-payload', issues: [{ path: 'clusterId' }] } });
    ws.send('not json');
    expect(await nextFrame(ws)).toMatchObject({ id: -1, result: { ok: false, code: 'invalid-payload' } });
    ws.close();
  });
});
