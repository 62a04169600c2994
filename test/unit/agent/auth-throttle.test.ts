import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuthThrottle } from '../../../agent/server/auth-throttle';
import { openClient } from './ws-client';
import { serverPool, TOKEN } from './helpers';

const pool = serverPool();
afterEach(() => pool.cleanup());

describe('AuthThrottle', () => {
  it('waits 50 ms × 2^(n-1) after n failures, capped, per address, and forgets on success', () => {
    let t = 0;
    const th = new AuthThrottle({ baseMs: 50, capMs: 1_000 }, () => t);
    expect([1, 2, 3, 4, 5, 6, 7].map(() => th.failed('a'))).toEqual([50, 100, 200, 400, 800, 1_000, 1_000]);
    expect(th.waitMs('a')).toBe(1_000);
    expect(th.waitMs('b')).toBe(0);
    t += 400;
    expect(th.waitMs('a')).toBe(600);
    th.succeeded('a');
    expect(th.waitMs('a')).toBe(0);
    expect(th.failed('a')).toBe(50);
  });
});

/** Token guesses answered `auth-failed` in `ms`, from `workers` parallel connections bound to `localAddress`. */
async function guessFor(url: string, ms: number, workers: number, localAddress = '127.0.0.1'): Promise<{ refused: number; throttled: number }> {
  const until = Date.now() + ms;
  let refused = 0;
  let throttled = 0;
  const worker = async (w: number) => {
    for (let i = 0; Date.now() < until; i += 1) {
      try {
        const c = await openClient(url, { localAddress });
        c.send({ v: 1, type: 'hello', token: `guess-${w}-${i}`, clientVersion: 'test/1' });
        const err = await c.next('error', 2_000).catch(() => null);
        if (err?.code === 'auth-failed') refused += 1;
        else throttled += 1;
        c.close();
      } catch {
        throttled += 1; // 429 at the upgrade
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return { refused, throttled };
}

describe('agent server: token guessing is slowed per address', () => {
  it('answers at most a handful of guesses a second from one address, while another address still logs in', async () => {
    const { server } = await pool.start();
    const r = await guessFor(server.url, 1_500, 8);
    // 50 ms × 2^n: tries at 0, 50, 150, 350, 750 ms (and 1550): at most 6 in 1.5 s, however many sockets.
    process.stdout.write(`agent token guesses checked in 1.5 s from one address: ${r.refused} (${(r.refused / 1.5).toFixed(1)}/s); refused unheard: ${r.throttled}\n`);
    expect(r.refused).toBeGreaterThan(0);
    expect(r.refused).toBeLessThanOrEqual(6);
    // Another address is not slowed.
    const other = await openClient(server.url, { localAddress: '127.0.0.2' });
    other.send({ v: 1, type: 'hello', token: TOKEN, clientVersion: 'test/1' });
    expect(await other.next('welcome')).toMatchObject({ type: 'welcome' });
    other.close();
  });

  it('a hello during the back-off is refused without comparing the token, even the right one', async () => {
    const { server } = await pool.start(undefined, { authBackoff: { baseMs: 60_000, capMs: 60_000 } });
    const bad = await openClient(server.url);
    const good = await openClient(server.url); // opened before the failure
    bad.send({ v: 1, type: 'hello', token: 'wrong', clientVersion: 'test/1' });
    expect(await bad.next('error')).toMatchObject({ code: 'auth-failed' });
    good.send({ v: 1, type: 'hello', token: TOKEN, clientVersion: 'test/1' });
    expect(await good.next('error')).toMatchObject({ code: 'auth-throttled', field: 'token' });
    await expect(openClient(server.url)).rejects.toThrow(/HTTP 429/);
  });
});

describe('agent server: Origin', () => {
  it('refuses an upgrade that carries an Origin (a browser page) unless that Origin is allowed', async () => {
    const { server } = await pool.start();
    await expect(openClient(server.url, { origin: 'http://127.0.0.1:8080' })).rejects.toThrow(/HTTP 403/);
    await expect(openClient(server.url, { headers: { Origin: 'null' } })).rejects.toThrow(/HTTP 403/);
    const { server: allowing } = await pool.start(undefined, { allowedOrigins: ['https://console.example'] });
    const ok = await openClient(allowing.url, { origin: 'https://console.example' });
    expect(ok.ws.readyState).toBe(WebSocket.OPEN);
    ok.close();
    // The app's Node client sends no Origin.
    const app = await openClient(server.url);
    app.send({ v: 1, type: 'hello', token: TOKEN, clientVersion: 'test/1' });
    expect(await app.next('welcome')).toMatchObject({ type: 'welcome' });
    app.close();
  });
});
