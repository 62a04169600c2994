import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebServer, WebServerOptions } from '../../../electron/web/web-server';
import { SESSION_ENDED_CLOSE as SERVER_SESSION_ENDED_CLOSE } from '../../../electron/web/bridge-gate';
import { LOGOUT_PATH as SERVER_LOGOUT_PATH } from '../../../electron/web/http-routes';
import { SESSION_ENDED_CLOSE, WebBridgeClient } from '../../../renderer/api/web-bridge';
import type { WebSocketLike } from '../../../renderer/api/socket';
import type { ConnectionStatus } from '../../../renderer/api/types';
import { LOGOUT_PATH, postLogout, probeSession, SESSION_ENDED_MESSAGE, type FetchLike } from '../../../renderer/api/web-session';
import { login, ownOrigin, request, startTestWebServer } from '../web/web-client';

let stop: (() => Promise<void>) | null = null;
const clients: WebBridgeClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.dispose();
  await stop?.();
  stop = null;
});

async function start(opts: Partial<WebServerOptions> = {}): Promise<WebServer> {
  const t = await startTestWebServer(opts);
  stop = t.stop;
  return t.server;
}

/** What a browser page on this server does: its cookie and Origin go with every request. */
function browserFetch(s: WebServer, cookie: string): FetchLike {
  return (url, init) => request(`http://127.0.0.1:${s.port}${url}`, { method: init.method, headers: { Cookie: cookie, Origin: ownOrigin(s) } });
}

/** The client as chooseClient builds it in a browser page, with a count of socket attempts. */
function pageClient(s: WebServer, cookie: string) {
  const attempts = { n: 0 };
  const fetchFn = browserFetch(s, cookie);
  const c = new WebBridgeClient({
    url: `ws://127.0.0.1:${s.port}/bridge`,
    createSocket: (u) => {
      attempts.n++;
      return new WebSocket(u, { headers: { Cookie: cookie, Origin: ownOrigin(s) } }) as unknown as WebSocketLike;
    },
    random: () => 0,
    backoff: { baseMs: 40, maxMs: 80 },
    checkSession: () => probeSession(fetchFn),
    logoutRequest: () => postLogout(fetchFn),
  });
  clients.push(c);
  const statuses: ConnectionStatus[] = [];
  c.onStatus((st) => statuses.push(st));
  c.start();
  return { c, statuses, attempts };
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the page and the server agree on the session protocol', () => {
  it('uses the server close code and logout route', () => {
    expect(SESSION_ENDED_CLOSE).toBe(SERVER_SESSION_ENDED_CLOSE);
    expect(LOGOUT_PATH).toBe(SERVER_LOGOUT_PATH);
  });
});

describe('WebBridgeClient stops when the browser session ends (real browser-mode server)', () => {
  it('logout POSTs /session/logout, ends with "logged out", never reconnects, and fails requests with the message', async () => {
    const s = await start();
    const { c, statuses, attempts } = pageClient(s, await login(s));
    await until(() => c.status().kind === 'open', 'open');
    expect(c.logout).toBeDefined();
    const out = await c.logout!();
    expect(out.ok).toBe(true);
    expect(c.status()).toEqual({ kind: 'ended', reason: 'logged out' });
    expect(s.sessionCount()).toBe(0);
    await sleep(300);
    expect(attempts.n).toBe(1);
    expect(statuses.map((st) => st.kind)).toEqual(['connecting', 'open', 'ended']);
    const after = await c.invoke('clusters:list', {});
    expect(after).toEqual({ ok: false, code: 'session-ended', reason: SESSION_ENDED_MESSAGE });
  });

  it('ends with the server reason when the bridge is closed with 4401 (idle expiry), and stops', async () => {
    const s = await start({ sessionIdleMs: 1_200 });
    const { c, attempts } = pageClient(s, await login(s));
    await until(() => c.status().kind === 'ended', 'the idle expiry', 8_000);
    expect(c.status()).toEqual({ kind: 'ended', reason: 'session expired' });
    await sleep(300);
    expect(attempts.n).toBe(1);
  });

  it('stops after a refused upgrade (401) once the probe says the session is gone', async () => {
    const s = await start();
    const cookie = await login(s);
    const out = await postLogout(browserFetch(s, cookie));
    expect(out.ok).toBe(true);
    const { c, statuses, attempts } = pageClient(s, cookie);
    await until(() => c.status().kind === 'ended', 'the end');
    await sleep(300);
    expect(attempts.n).toBeLessThanOrEqual(2);
    const n = attempts.n;
    await sleep(300);
    expect(attempts.n).toBe(n);
    expect(statuses.some((st) => st.kind === 'open')).toBe(false);
  });

  it('keeps retrying while the server is unreachable (probe cannot tell)', async () => {
    const s = await start();
    const cookie = await login(s);
    const port = s.port;
    await stop!();
    stop = null;
    const fetchFn: FetchLike = (url, init) => request(`http://127.0.0.1:${port}${url}`, { method: init.method, headers: { Cookie: cookie } });
    expect(await probeSession(fetchFn)).toBe('unknown');
    const c = new WebBridgeClient({
      url: `ws://127.0.0.1:${port}/bridge`,
      createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
      random: () => 0,
      backoff: { baseMs: 30, maxMs: 60 },
      checkSession: () => probeSession(fetchFn),
    });
    clients.push(c);
    const statuses: ConnectionStatus[] = [];
    c.onStatus((st) => statuses.push(st));
    c.start();
    await until(() => statuses.filter((st) => st.kind === 'waiting').length >= 3, 'three failed attempts');
    expect(statuses.some((st) => st.kind === 'ended')).toBe(false);
  });
});

describe('probeSession and postLogout', () => {
  const answering = (status: number): FetchLike => () => Promise.resolve({ status });
  it('reads 401 as ended, 2xx as live, anything else or a network error as unknown', async () => {
    expect(await probeSession(answering(401))).toBe('ended');
    expect(await probeSession(answering(200))).toBe('live');
    expect(await probeSession(answering(421))).toBe('unknown');
    expect(await probeSession(() => Promise.reject(new Error('ECONNREFUSED')))).toBe('unknown');
  });

  it('is ok only on 204 and says why otherwise', async () => {
    expect((await postLogout(answering(204))).ok).toBe(true);
    expect(await postLogout(answering(403))).toEqual({ ok: false, code: 'logout-failed', reason: 'the server refused the logout (HTTP 403)' });
    const down = await postLogout(() => Promise.reject(new Error('ECONNREFUSED')));
    expect(down.ok === false && down.code).toBe('disconnected');
  });
});
