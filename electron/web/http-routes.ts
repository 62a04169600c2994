import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestTarget } from './http-input';
import type { LaunchTokens } from './launch-tokens';
import type { SessionStore } from './sessions';
import { send, serveStatic } from './static-files';
import { clearedSessionCookie, isLoopbackHost, isOwnOrigin, sessionCookie, sessionOf } from './web-auth';

/** How an admin gets in again (electron/web/main.ts prints links on Enter and on SIGUSR2). */
const NEW_LINK = `For a new one-time link, press Enter in the terminal that runs ReplicaDesk, or send it SIGUSR2: kill -USR2 ${process.pid}`;
const NEEDS_LINK = `This ReplicaDesk browser session has ended (Log out, or nobody used the page for REPLICADESK_SESSION_IDLE_MS) or was never opened. ${NEW_LINK}`;

export interface HttpContext {
  port: () => number;
  /** The address listened on, when not 127.0.0.1 (`replicadesk serve --host`). */
  host?: string;
  staticDir: string;
  launch: LaunchTokens;
  sessions: SessionStore;
  /** `info` for what an admin did (log out), `warn` for what went wrong. */
  log: (event: string, detail: Record<string, unknown>, level?: 'info' | 'warn') => void;
}

/** The logout endpoint: `POST /session/logout` from this server's own page ends the session and its bridge sockets. */
export const LOGOUT_PATH = '/session/logout';

/** Every HTTP request: never throws; a malformed one gets 400, an internal failure 500. */
export function handleHttp(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): void {
  res.on('error', () => res.destroy());
  try {
    route(ctx, req, res).catch((err: unknown) => failed(ctx, res, err));
  } catch (err) {
    failed(ctx, res, err);
  }
}

async function route(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const port = ctx.port();
  if (!isLoopbackHost(req, port, ctx.host)) return send(res, 421, 'wrong host: use the URL ReplicaDesk printed');
  const target = requestTarget(req.url);
  if (!target) return send(res, 400, 'malformed request target');
  if (target.path === LOGOUT_PATH) return logout(ctx, req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  const token = target.query.getAll('token');
  if (token.length > 0) {
    if (token.length > 1 || !ctx.launch.redeem(token[0]!)) {
      return send(res, 401, `this link was already used or is not valid. ${NEW_LINK}`);
    }
    res.writeHead(303, {
      Location: target.withoutToken,
      'Set-Cookie': sessionCookie(port, ctx.sessions.create()),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    res.end();
    return;
  }
  const session = sessionOf(req, port, ctx.sessions);
  if (session.kind === 'malformed') return send(res, 400, 'malformed session cookie');
  if (session.kind === 'none') {
    return send(res, 401, NEEDS_LINK);
  }
  await serveStatic(ctx.staticDir, target.path, res);
}

function logout(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): void {
  const port = ctx.port();
  if (req.method !== 'POST') return send(res, 405, 'method not allowed', { Allow: 'POST' });
  if (!isOwnOrigin(req, port, ctx.host)) return send(res, 403, 'logout needs the Origin of this ReplicaDesk page');
  const session = sessionOf(req, port, ctx.sessions);
  if (session.kind === 'malformed') return send(res, 400, 'malformed session cookie');
  if (session.kind === 'session') ctx.sessions.revoke(session.id, 'logged out');
  res.writeHead(204, { 'Set-Cookie': clearedSessionCookie(port), 'Cache-Control': 'no-store' });
  res.end();
  ctx.log('browser session logged out', { hadSession: session.kind === 'session' }, 'info');
}

function failed(ctx: HttpContext, res: ServerResponse, err: unknown): void {
  ctx.log('browser-mode request failed', { error: err instanceof Error ? err.message : String(err) });
  try {
    send(res, 500, 'internal error');
  } catch {
    res.destroy();
  }
}
