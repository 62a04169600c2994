import type { IncomingMessage } from 'node:http';
import { cookieValues } from './http-input';
import type { SessionStore } from './sessions';

/**
 * The session cookie of the server on `port`. Cookies are not scoped by port,
 * so the name keeps two ReplicaDesk servers apart, and the bridge also
 * requires this server's own Origin: the cookie alone opens nothing.
 */
export function sessionCookieName(port: number): string {
  return `replicadesk_session_${port}`;
}

export function sessionCookie(port: number, id: string): string {
  return `${sessionCookieName(port)}=${id}; HttpOnly; SameSite=Strict; Path=/`;
}

export function clearedSessionCookie(port: number): string {
  return `${sessionCookieName(port)}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
}

/** Refuses DNS rebinding: the Host header must name the address we listen on (127.0.0.1 by default, or `listen`). */
export function isLoopbackHost(req: IncomingMessage, port: number, listen = '127.0.0.1'): boolean {
  return ownHosts(port, listen).includes(req.headers.host ?? '');
}

/** True only when the request carries an Origin and it is this server's page. */
export function isOwnOrigin(req: IncomingMessage, port: number, listen = '127.0.0.1'): boolean {
  return ownHosts(port, listen).some((h) => req.headers.origin === `http://${h}`);
}

function ownHosts(port: number, listen: string): string[] {
  return listen === '127.0.0.1' ? [`127.0.0.1:${port}`, `localhost:${port}`] : [`${listen}:${port}`];
}

export type SessionLookup = { kind: 'session'; id: string } | { kind: 'none' } | { kind: 'malformed' };

/** The live session named by the request's cookie, touched. */
export function sessionOf(req: IncomingMessage, port: number, sessions: SessionStore): SessionLookup {
  const values = cookieValues(req, sessionCookieName(port));
  if (values === null) return { kind: 'malformed' };
  const id = sessions.use(values);
  return id === null ? { kind: 'none' } : { kind: 'session', id };
}
