import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { MonitorDelta } from '../../shared/ipc/delta';
import { createLogger, type Logger } from '../core/logger';
import { DEFAULT_BRIDGE_LIMITS, type BridgeClient, type BridgeCore, type BridgeLimits } from './bridge-client';
import { handleUpgrade } from './bridge-gate';
import { handleHttp } from './http-routes';
import { LaunchTokens } from './launch-tokens';
import { DEFAULT_SESSION_IDLE_MS, SessionStore } from './sessions';

export interface WebServerCore extends BridgeCore {
  onDelta(listener: (d: MonitorDelta) => void): () => void;
}

export interface WebServerOptions {
  core: WebServerCore;
  staticDir: string;
  /** Key of the one-time launch links; random when absent. */
  launchKey?: Buffer;
  port?: number;
  /** The address to listen on: 127.0.0.1 unless `replicadesk serve --host … --allow-remote` says otherwise. */
  host?: string;
  sessionIdleMs?: number;
  limits?: Partial<BridgeLimits>;
  log?: Logger;
}

export interface WebServer {
  /** The first one-time launch link (printed in the terminal). */
  url: string;
  port: number;
  /** `http://HOST:PORT`, where browsers attach. */
  origin: string;
  /** A new one-time launch link, e.g. for another browser. */
  launchUrl(): string;
  /** Live browser sessions. */
  sessionCount(): number;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the built renderer and the WebSocket bridge on
 * 127.0.0.1 only. A launch link works once: it is exchanged for a session
 * cookie and a redirect to the same URL without the token. The bridge needs
 * that cookie and this server's Origin; it uses the same contract as IPC.
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  let port = 0;
  const log = opts.log ?? createLogger('web');
  const note = (event: string, detail: Record<string, unknown>, level: 'info' | 'warn' = 'warn') => log[level](event, detail);
  const launch = new LaunchTokens(opts.launchKey ?? LaunchTokens.randomKey());
  const sessions = new SessionStore(opts.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS);
  const limits = { ...DEFAULT_BRIDGE_LIMITS, ...opts.limits };
  const clients = new Set<BridgeClient>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const server = http.createServer((req, res) => handleHttp({ port: () => port, host, staticDir: opts.staticDir, launch, sessions, log: note }, req, res));
  server.on('upgrade', (req: http.IncomingMessage, socket, head: Buffer) =>
    handleUpgrade({ port: () => port, host, core: opts.core, wss, sessions, limits, clients, log: note }, req, socket, head),
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  });
  const off = opts.core.onDelta((d) => clients.forEach((c) => c.pushDelta(d)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const launchUrl = () => `http://${host}:${port}/?token=${launch.mint()}`;
  return {
    url: launchUrl(),
    port,
    origin: `http://${host}:${port}`,
    launchUrl,
    sessionCount: () => sessions.size,
    close: async () => {
      off();
      sessions.dispose();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
