import { afterEach, describe, expect, it } from 'vitest';
import type { WebServer, WebServerOptions } from '../../../electron/web/web-server';
import { SESSION_ENDED_CLOSE } from '../../../electron/web/bridge-gate';
import { DEFAULT_SESSION_IDLE_MS, sessionIdleMs } from '../../../electron/web/sessions';
import { closed, login, nextFrame, openBridge, ownOrigin, request, startTestWebServer } from './web-client';

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function start(opts: Partial<WebServerOptions> = {}): Promise<WebServer> {
  const t = await startTestWebServer(opts);
  stop = t.stop;
  return t.server;
}

const home = (s: WebServer) => `http://127.0.0.1:${s.port}/`;

describe('browser-mode sessions belong to one app', () => {
  it('exchanges a launch link once for a port-named HttpOnly SameSite=Strict cookie and redirects to the clean URL', async () => {
    const s = await start();
    const link = `${s.launchUrl()}&demo=1`;
    const first = await request(link);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/?demo=1');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^replicadesk_session_${s.port}=[\\w-]+; HttpOnly; SameSite=Strict; Path=/$`));
    expect(setCookie).not.toContain(new URL(link).searchParams.get('token'));
    const again = await request(link);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('does not take the launch token, or the cookie without an Origin, on the bridge', async () => {
    const s = await start();
    const token = new URL(s.launchUrl()).searchParams.get('token')!;
    await expect(openBridge(s, { Origin: ownOrigin(s) }, `?token=${token}`)).rejects.toThrow(/401/);
    const cookie = await login(s);
    await expect(openBridge(s, { Cookie: cookie })).rejects.toThrow(/403/);
    await expect(openBridge(s, { Cookie: cookie, Origin: 'http://127.0.0.1:1' })).rejects.toThrow(/403/);
    await expect(openBridge(s, { Cookie: cookie, Origin: 'null' })).rejects.toThrow(/403/);
    const ws = await openBridge(s, { Cookie: cookie, Origin: `http://localhost:${s.port}` });
    ws.send(JSON.stringify({ id: 1, channel: 'clusters:list', request: {} }));
    expect(await nextFrame(ws)).toMatchObject({ id: 1, result: { ok: true } });
    ws.close();
  });

  it('refuses a cookie named for another port', async () => {
    const s = await start();
    const value = (await login(s)).split('=')[1];
    expect((await request(home(s), { headers: { Cookie: `replicadesk_session=${value}` } })).status).toBe(401);
    expect((await request(home(s), { headers: { Cookie: `replicadesk_session_${s.port + 1}=${value}` } })).status).toBe(401);
  });

  it('ends an untouched session within a quarter of the idle time past it, not up to twice the idle time', async () => {
    const s = await start({ sessionIdleMs: 2_000 });
    const cookie = await login(s);
    const ws = await openBridge(s, { Cookie: cookie, Origin: ownOrigin(s) });
    const t0 = Date.now();
    await closed(ws);
    const after = Date.now() - t0;
    expect(after).toBeGreaterThanOrEqual(1_900);
    expect(after).toBeLessThan(2_000 + 500 + 400);
  });

  it('ends a session after the idle time and closes its bridge with the reason', async () => {
    const s = await start({ sessionIdleMs: 1_200 });
    const cookie = await login(s);
    const ws = await openBridge(s, { Cookie: cookie, Origin: ownOrigin(s) });
    const ended = closed(ws);
    expect((await request(home(s), { headers: { Cookie: cookie } })).status).toBe(200);
    expect(await ended).toEqual({ code: SESSION_ENDED_CLOSE, reason: 'session expired' });
    expect((await request(home(s), { headers: { Cookie: cookie } })).status).toBe(401);
    expect(s.sessionCount()).toBe(0);
  });

  it('only someone using the page keeps an idle session alive: activity frames do, requests on any channel never', async () => {
    const s = await start({ sessionIdleMs: 1_500 });
    const cookie = await login(s);
    const ws = await openBridge(s, { Cookie: cookie, Origin: ownOrigin(s) });
    const ended = closed(ws);
    const send = (channel: string, req: unknown, id: number) => ws.send(JSON.stringify({ id, channel, request: req }));
    // Someone uses the page for 1 s past the idle time: the session lives on.
    for (let i = 0; i < 4; i++) {
      ws.send(JSON.stringify({ type: 'activity' }));
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(s.sessionCount()).toBe(1);
    // Then only the page's timers, on channels a selected node and open panels poll: it ends all the same.
    let id = 100;
    const polls = [['actions:available', { clusterId: 'c1' }], ['alerts:notices', { afterSeq: 0 }], ['clusters:list', {}], ['history:seen', { sessionId: 'w1' }]] as const;
    const timer = setInterval(() => polls.forEach(([ch, req]) => send(ch, req, id++)), 200);
    try {
      expect(await ended).toEqual({ code: SESSION_ENDED_CLOSE, reason: 'session expired' });
    } finally {
      clearInterval(timer);
    }
  });

  it('answers a malformed frame with an error, and it does not count as activity', async () => {
    const s = await start({ sessionIdleMs: 1_200 });
    const cookie = await login(s);
    const ws = await openBridge(s, { Cookie: cookie, Origin: ownOrigin(s) });
    const ended = closed(ws);
    ws.send(JSON.stringify({ type: 'activity!' }));
    expect(await nextFrame(ws)).toMatchObject({ type: 'response', result: { ok: false } });
    const timer = setInterval(() => ws.send('{"type":"nope"}'), 200);
    try {
      expect(await ended).toEqual({ code: SESSION_ENDED_CLOSE, reason: 'session expired' });
    } finally {
      clearInterval(timer);
    }
  });

  it('logs out with POST /session/logout from its own page: cookie cleared, bridge closed, cookie refused after', async () => {
    const s = await start();
    const cookie = await login(s);
    const other = await login(s);
    const ws = await openBridge(s, { Cookie: cookie, Origin: ownOrigin(s) });
    const ended = closed(ws);
    const logoutUrl = `${home(s)}session/logout`;
    expect((await request(logoutUrl, { method: 'POST', headers: { Cookie: cookie } })).status).toBe(403);
    expect((await request(logoutUrl, { method: 'GET', headers: { Cookie: cookie, Origin: ownOrigin(s) } })).status).toBe(405);
    const out = await request(logoutUrl, { method: 'POST', headers: { Cookie: cookie, Origin: ownOrigin(s) } });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect(await ended).toEqual({ code: SESSION_ENDED_CLOSE, reason: 'logged out' });
    expect((await request(home(s), { headers: { Cookie: cookie } })).status).toBe(401);
    await expect(openBridge(s, { Cookie: cookie, Origin: ownOrigin(s) })).rejects.toThrow(/401/);
    expect((await request(home(s), { headers: { Cookie: other } })).status).toBe(200);
  });

  it('takes the idle time from REPLICADESK_SESSION_IDLE_MS, else 12 h', () => {
    expect(sessionIdleMs({ REPLICADESK_SESSION_IDLE_MS: '60000' })).toBe(60_000);
    expect(DEFAULT_SESSION_IDLE_MS).toBe(12 * 60 * 60 * 1000);
    for (const bad of [undefined, '', '0', '-5', '1.5', 'soon']) expect(sessionIdleMs({ REPLICADESK_SESSION_IDLE_MS: bad })).toBe(DEFAULT_SESSION_IDLE_MS);
  });
});
