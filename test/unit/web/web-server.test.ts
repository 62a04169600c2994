import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../../electron/web/web-server';
import { createTestCore } from '../../support/test-core';

let server: WebServer | null = null;
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await server?.close();
  await cleanup?.();
});

async function start() {
  const t = await createTestCore();
  cleanup = t.cleanup;
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-static-'));
  writeFileSync(path.join(dir, 'index.html'), '<html>ReplicaDesk</html>');
  server = await startWebServer({ core: t.core, staticDir: dir, token: 'tok' });
  return server;
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    }).on('error', reject);
  });
}

function openBridge(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const nextFrame = (ws: WebSocket) => new Promise<Record<string, unknown>>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and refuses requests without the token', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=tok$/);
    expect((await get(`http://127.0.0.1:${s.port}/`)).status).toBe(401);
    expect((await get(`http://127.0.0.1:${s.port}/?token=wrong`)).status).toBe(401);
  });

  it('serves the app with the token, sets a session cookie and a CSP', async () => {
    const s = await start();
    const r = await get(s.url);
    expect(r.status).toBe(200);
    expect(r.body).toContain('ReplicaDesk');
    expect(String(r.headers['set-cookie'])).toContain('HttpOnly');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const s = await start();
    expect((await get(s.url, { Host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses a bridge connection without the token or from another origin', async () => {
    const s = await start();
    await expect(openBridge(`ws://127.0.0.1:${s.port}/bridge`)).rejects.toThrow(/401/);
    await expect(openBridge(`ws://127.0.0.1:${s.port}/bridge?token=tok`, { Origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  it('answers requests over the bridge and names the failing field of a bad one', async () => {
    const s = await start();
    const ws = await openBridge(`ws://127.0.0.1:${s.port}/bridge?token=tok`);
    ws.send(JSON.stringify({ id: 1, channel: 'clusters:list', request: {} }));
    expect(await nextFrame(ws)).toEqual({ type: 'response', id: 1, result: { ok: true, value: [] } });
    ws.send(JSON.stringify({ id: 2, channel: 'clusters:remove', request: { clusterId: 5 } }));
    expect(await nextFrame(ws)).toMatchObject({ id: 2, result: { ok: false, code: 'invalid-payload', issues: [{ path: 'clusterId' }] } });
    ws.send('not json');
    expect(await nextFrame(ws)).toMatchObject({ id: -1, result: { ok: false, code: 'invalid-payload' } });
    ws.close();
  });
});
