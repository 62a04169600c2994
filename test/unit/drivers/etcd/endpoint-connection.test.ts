import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../../../shared/backoff';
import { EndpointConnection } from '../../../../electron/drivers/etcd/endpoint-connection';
import { createAgent } from '../../../../electron/drivers/etcd/http-client';
import { freePort } from '../../../harness/free-port';

const timeouts = { connectTimeoutMs: 500, queryTimeoutMs: 500 };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An in-process HTTP server answering every POST with `reply()`. */
async function server(reply: () => { status: number; body: string }): Promise<string> {
  const s = http.createServer((req, res) => {
    req.resume();
    const r = reply();
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))));
  const a = s.address();
  return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
}

function connection(url: string, clock: { t: number }) {
  const agent = createAgent(false, undefined);
  const conn = new EndpointConnection(new URL(url), { timeouts, now: () => clock.t, agent, backoff: new Backoff({ baseMs: 1_000, maxMs: 8_000 }, () => 0) });
  cleanups.push(() => (conn.dispose(), agent.destroy()));
  return conn;
}

describe('EndpointConnection', () => {
  it('is ready after an answer, and stays ready when etcd refuses a request', async () => {
    let body = '{"header":{}}';
    const url = await server(() => ({ status: 200, body }));
    const clock = { t: 10_000 };
    const conn = connection(url, clock);
    expect(conn.status).toEqual({ kind: 'idle' });
    expect((await conn.call('/v3/x', {}, AbortSignal.timeout(1_000))).ok).toBe(true);
    expect(conn.status).toEqual({ kind: 'ready', since: 10_000 });
    body = '{"error":"etcdserver: bad leader transferee","message":"etcdserver: bad leader transferee","code":9}';
    expect(await conn.call('/v3/x', {}, AbortSignal.timeout(1_000))).toMatchObject({ ok: false, code: 'etcd-error' });
    expect(conn.status.kind).toBe('ready');
    expect(conn.requests).toBe(2);
  });

  it('backs off after a refused connection and answers from memory until retryAt', async () => {
    const port = await freePort();
    const clock = { t: 10_000 };
    const conn = connection(`http://127.0.0.1:${port}`, clock);
    const first = await conn.call('/v3/x', {}, AbortSignal.timeout(1_000));
    expect(first).toMatchObject({ ok: false, code: 'connection-refused' });
    expect(conn.status).toMatchObject({ kind: 'backoff', retryAt: 10_500 });
    expect(await conn.call('/v3/x', {}, AbortSignal.timeout(1_000))).toBe(first);
    expect(conn.requests).toBe(1);
    clock.t = 10_500;
    await conn.call('/v3/x', {}, AbortSignal.timeout(1_000));
    expect(conn.requests).toBe(2);
    expect(conn.status).toMatchObject({ kind: 'backoff', retryAt: 11_500 });
  });

  it('returns closed after dispose, and aborted for a cancelled call', async () => {
    const url = await server(() => ({ status: 200, body: '{}' }));
    const conn = connection(url, { t: 0 });
    const controller = new AbortController();
    controller.abort();
    expect(await conn.call('/v3/x', {}, controller.signal)).toMatchObject({ ok: false, code: 'aborted' });
    expect(conn.status.kind).toBe('idle');
    conn.dispose();
    expect(await conn.call('/v3/x', {}, AbortSignal.timeout(1_000))).toMatchObject({ ok: false, code: 'closed' });
  });
});
