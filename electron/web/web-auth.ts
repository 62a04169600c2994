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

/** Refuses DNS rebinding: the Host header must name the loopback address we listen on. */
export function isLoopbackHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** True only when the request carries an Origin and it is this server's page. */
export function isOwnOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export type SessionLookup = { kind: 'session'; id: string } | { kind: 'none' } | { kind: 'malformed' };

/** The live session named by the request's cookie, touched. */
export function sessionOf(req: IncomingMessage, port: number, sessions: SessionStore): SessionLookup {
  const values = cookieValues(req, sessionCookieName(port));
  if (values === null) return { kind: 'malformed' };
  const id = sessions.use(values);
  return id === null ? { kind: 'none' } : { kind: 'session', id };
}
