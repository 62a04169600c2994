import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startWebServer, type WebServer, type WebServerOptions } from '../../../electron/web/web-server';
import { createTestCore } from '../../support/test-core';

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** Starts browser mode over a test core with a tiny static dir; `stop` closes both. */
export async function startTestWebServer(
  opts: Partial<WebServerOptions> = {},
): Promise<{ server: WebServer; core: Awaited<ReturnType<typeof createTestCore>>['core']; stop: () => Promise<void> }> {
  const t = await createTestCore();
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-static-'));
  writeFileSync(path.join(dir, 'index.html'), '<html>ReplicaDesk</html>');
  const server = await startWebServer({ core: t.core, staticDir: dir, ...opts });
  return {
    server,
    core: t.core,
    stop: async () => {
      await server.close();
      await t.cleanup();
    },
  };
}

export function request(url: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Exchanges a fresh launch link for the session cookie, as a browser does: returns `name=value`. */
export async function login(server: WebServer): Promise<string> {
  const r = await request(server.launchUrl());
  const set = String(r.headers['set-cookie'] ?? '');
  const pair = set.split(';')[0];
  if (r.status !== 303 || !pair) throw new Error(`launch link refused: ${r.status} ${r.body}`);
  return pair;
}

export function ownOrigin(server: WebServer): string {
  return `http://127.0.0.1:${server.port}`;
}

export function openBridge(server: WebServer, headers: Record<string, string>, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** A bridge socket as the app's own page opens it: session cookie and own Origin. */
export async function openAppBridge(server: WebServer): Promise<WebSocket> {
  return openBridge(server, { Cookie: await login(server), Origin: ownOrigin(server) });
}

export const nextFrame = (ws: WebSocket) =>
  new Promise<Record<string, unknown>>((r) => ws.once('message', (d: Buffer) => r(JSON.parse(d.toString()) as Record<string, unknown>)));

export const closed = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code: number, reason: Buffer) => r({ code, reason: reason.toString() })));
