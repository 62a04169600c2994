import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PatroniProbe } from '../../../../../electron/drivers/postgres/patroni/probe';
import { member } from './fixtures';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback HTTP server answering `routes` as JSON (404 otherwise). */
async function serve(routes: Record<string, unknown>): Promise<string> {
  const s = http.createServer((req, res) => {
    const body = routes[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(body === undefined ? 'not found' : JSON.stringify(body));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const signal = () => new AbortController().signal;

describe('PatroniProbe', () => {
  it('detects Patroni from /patroni and /cluster, and stays managed when it stops answering', async () => {
    const url = await serve({
      '/patroni': { state: 'running', role: 'master', patroni: { version: '3.0.2', scope: 'demo' } },
      '/cluster': { members: [member('pg1', 5432, 'leader')] },
      '/config': { ttl: 10, loop_wait: 1 },
    });
    let now = 0;
    const probe = new PatroniProbe({ configured: [url], nodeIds: () => [], now: () => now, timeoutMs: 500 });
    const r = await probe.read(signal());
    expect(r.ok && r.value.scope).toBe('demo');
    expect(probe.managed).toBe(true);
    await Promise.all(servers.splice(0).map((s) => new Promise((res) => s.close(res))));
    now = 1;
    const again = await probe.read(signal());
    expect(again.ok).toBe(false);
    expect(!again.ok && again.code).toBe('patroni-unreachable');
    expect(probe.managed).toBe(true);
    expect(probe.error).toMatch(/no Patroni REST API answered/);
  });

  it('refuses an HTTP server that is not Patroni, and backs off before probing again', async () => {
    const url = await serve({ '/patroni': { hello: 'world' }, '/cluster': { members: [] } });
    let now = 1_000;
    const probe = new PatroniProbe({ configured: [url], nodeIds: () => [], now: () => now, timeoutMs: 500 });
    const r = await probe.read(signal());
    expect(!r.ok && r.reason).toMatch(/is not Patroni's REST API/);
    expect(probe.managed).toBe(false);
    now += 1_000;
    const skipped = await probe.read(signal());
    expect(!skipped.ok && skipped.reason).toBe('no Patroni REST API answered');
  });
});
