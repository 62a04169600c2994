import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { NodeBackend } from '../backend';
import { AGENT_HEADER, AgentCloseCode, DEFAULT_AGENT_LIMITS, type AgentLimits } from '../../shared/agent/limits';
import { createLogger, type Logger } from '../log';
import { AgentSession } from './session';
import { AuthThrottle, DEFAULT_AUTH_BACKOFF, type AuthBackoff } from './auth-throttle';

export interface AgentServerOptions {
  backend: NodeBackend;
  token: string;
  host?: string;
  port?: number;
  /** PEM cert and key: the agent then serves wss://. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Overrides for tests; announced to clients in `welcome.limits`. */
  limits?: Partial<AgentLimits>;
  log?: Logger;
  /** How often the agent checks that its node is alive (ms). */
  livenessCheckMs?: number;
  /** Delay per remote address after refused tokens (default 50 ms × 2^n, at most 30 s). */
  authBackoff?: AuthBackoff;
  /**
   * Origins allowed to connect. The app's Node process sends no Origin; one
   * that is sent comes from a browser page, and is refused unless listed here.
   */
  allowedOrigins?: readonly string[];
}

export interface AgentServer {
  url: string;
  port: number;
  /** Closes every connection and the listening socket. The backend stays the caller's. */
  close(): Promise<void>;
}

/**
 * Serves one node over agent protocol v1. While the backend is not alive,
 * the agent closes its connections (4503) and answers upgrades with HTTP 503,
 * so to a client the node looks exactly as dead as it is.
 */
export async function startAgentServer(opts: AgentServerOptions): Promise<AgentServer> {
  if (!opts.token) throw new Error('startAgentServer: a token is required');
  const { backend, token } = opts;
  const host = opts.host ?? '127.0.0.1';
  const limits: AgentLimits = { ...DEFAULT_AGENT_LIMITS, ...opts.limits };
  const log = (opts.log ?? createLogger('agent/server')).child({ nodeId: backend.nodeId });
  const sessions = new Set<AgentSession>();
  const throttle = new AuthThrottle(opts.authBackoff ?? DEFAULT_AUTH_BACKOFF);
  const allowedOrigins = new Set(opts.allowedOrigins ?? []);
  let closing = false;

  const nodeDown = (reason: string) => {
    for (const s of [...sessions]) s.reject('node-down', `node ${backend.nodeId} is down: ${reason}`, null, AgentCloseCode.nodeDown);
  };

  const server: Server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }) : createHttpServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false });
  wss.on('headers', (headers) => headers.push(`${AGENT_HEADER}: 1`));

  server.on('request', (_req, res) => {
    res.writeHead(426, { [AGENT_HEADER]: '1', 'content-type': 'text/plain', connection: 'close' });
    res.end('ReplicaDesk agent: connect with a WebSocket (agent protocol v1).\n');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: string, why: string, extra = '') =>
      socket.end(`HTTP/1.1 ${status}\r\n${AGENT_HEADER}: 1\r\n${extra}connection: close\r\ncontent-length: ${Buffer.byteLength(why)}\r\n\r\n${why}`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      log.warn('agent upgrade refused: origin not allowed', { origin });
      refuse('403 Forbidden', 'this Origin may not connect to the agent');
      return;
    }
    const remoteAddress = req.socket.remoteAddress ?? 'unknown';
    const waitMs = throttle.waitMs(remoteAddress);
    if (waitMs > 0) {
      refuse('429 Too Many Requests', `too many refused tokens: try again in ${waitMs} ms`, `retry-after: ${Math.ceil(waitMs / 1000)}\r\n`);
      return;
    }
    if (closing || !backend.isAlive()) {
      const why = closing ? 'agent shutting down' : `node ${backend.nodeId} is down`;
      refuse('503 Service Unavailable', why);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new AgentSession(ws, { backend, token, remoteAddress, throttle, limits, log, onNodeDown: nodeDown, onClosed: (s) => sessions.delete(s) });
      sessions.add(session);
    });
  });

  const liveness = setInterval(() => {
    if (sessions.size > 0 && !backend.isAlive()) nodeDown('the node stopped');
  }, opts.livenessCheckMs ?? 200);
  liveness.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error('agent server error', { error: error.message }));
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `${opts.tls ? 'wss' : 'ws'}://${urlHost}:${port}`;
  log.debug('agent listening', { url });

  return {
    url,
    port,
    close: async () => {
      if (closing) return;
      closing = true;
      clearInterval(liveness);
      for (const s of [...sessions]) s.close(AgentCloseCode.goingAway, 'agent shutting down');
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Sockets still in their closing handshake are cut after a short grace.
        setTimeout(() => server.closeAllConnections(), 500).unref();
      });
    },
  };
}
