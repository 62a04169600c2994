import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { BridgeClient, type BridgeCore, type BridgeLimits } from './bridge-client';
import { requestTarget } from './http-input';
import type { SessionStore } from './sessions';
import { isLoopbackHost, isOwnOrigin, sessionOf } from './web-auth';

export interface GateContext {
  port: () => number;
  /** The address listened on, when not 127.0.0.1 (`replicadesk serve --host`). */
  host?: string;
  core: BridgeCore;
  wss: WebSocketServer;
  sessions: SessionStore;
  limits: BridgeLimits;
  clients: Set<BridgeClient>;
  /** `info` for what an admin did (log out), `warn` for what went wrong. */
  log: (event: string, detail: Record<string, unknown>, level?: 'info' | 'warn') => void;
}

/** Close code sent when the session of an open bridge ends (logout, idle expiry). */
export const SESSION_ENDED_CLOSE = 4401;

/**
 * Every upgrade request: never throws. The bridge opens only for `/bridge`,
 * our Host, this server's own Origin (required: the cookie alone is not
 * enough) and a live session cookie. A token in the query is not accepted.
 */
export function handleUpgrade(ctx: GateContext, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  try {
    const port = ctx.port();
    const target = requestTarget(req.url);
    if (!target) return refuse(socket, 400, 'Bad Request');
    if (target.path !== '/bridge') return refuse(socket, 404, 'Not Found');
    if (!isLoopbackHost(req, port, ctx.host)) return refuse(socket, 421, 'Misdirected Request');
    if (!isOwnOrigin(req, port, ctx.host)) return refuse(socket, 403, 'Forbidden');
    const session = sessionOf(req, port, ctx.sessions);
    if (session.kind === 'malformed') return refuse(socket, 400, 'Bad Request');
    if (session.kind === 'none') return refuse(socket, 401, 'Unauthorized');
    ctx.wss.handleUpgrade(req, socket, head, (ws) => {
      const client = new BridgeClient(
        ws,
        ctx.core,
        ctx.limits,
        () => ctx.sessions.use([session.id]),
        (reason) => ctx.log('bridge client dropped', { reason }),
      );
      ctx.clients.add(client);
      const off = ctx.sessions.onEnd(session.id, (why) => ws.close(SESSION_ENDED_CLOSE, why));
      ws.on('close', () => {
        ctx.clients.delete(client);
        off();
      });
      ws.on('error', () => ws.terminate());
    });
  } catch (err) {
    ctx.log('bridge upgrade failed', { error: err instanceof Error ? err.message : String(err) });
    refuse(socket, 400, 'Bad Request');
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
