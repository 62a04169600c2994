import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { MonitorDelta } from '../../shared/ipc/delta';
import { BridgeClient, type BridgeCore } from './bridge-client';
import { SESSION_COOKIE, isAuthorised, isLoopbackHost } from './session-token';
import { send, serveStatic } from './static-files';

export interface WebServerCore extends BridgeCore {
  onDelta(listener: (d: MonitorDelta) => void): () => void;
}

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the built renderer and the WebSocket bridge on
 * 127.0.0.1 only. Every request needs the session token (in the printed URL,
 * then in an HttpOnly cookie); the bridge uses the same contract as IPC.
 */
export async function startWebServer(opts: { core: WebServerCore; staticDir: string; token: string; port?: number }): Promise<WebServer> {
  const host = '127.0.0.1';
  let port = 0;
  const server = http.createServer((req, res) => {
    if (!isLoopbackHost(req, port)) return send(res, 421, 'wrong host: use the URL ReplicaDesk printed');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    if (!isAuthorised(req, opts.token)) {
      return send(res, 401, 'this ReplicaDesk session needs its token: open the URL printed in the terminal');
    }
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${encodeURIComponent(opts.token)}; HttpOnly; SameSite=Strict; Path=/`);
    void serveStatic(opts.staticDir, new URL(req.url ?? '/', 'http://x').pathname, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const clients = new Set<BridgeClient>();
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (path !== '/bridge' || !isLoopbackHost(req, port) || !originOk || !isAuthorised(req, opts.token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = new BridgeClient(ws, opts.core);
      clients.add(client);
      ws.on('close', () => clients.delete(client));
      ws.on('error', () => ws.terminate());
    });
  });
  const off = opts.core.onDelta((d) => clients.forEach((c) => c.pushDelta(d)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/?token=${encodeURIComponent(opts.token)}`,
    port,
    close: async () => {
      off();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
