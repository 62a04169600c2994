import { afterAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { mariadbDriver } from '../harness/mariadb-driver';
import { freePort } from '../harness/free-port';

describe('MariaDB bad seeds', () => {
  it('a port nothing listens on is connection-refused, as data', async () => {
    const port = await freePort();
    const d = mariadbDriver([`127.0.0.1:${port}`]);
    const r = await d.connect(AbortSignal.timeout(5_000));
    expect(r).toMatchObject({ ok: false, code: 'connection-refused', reason: expect.stringContaining(`127.0.0.1:${port}`) });
    const s = await d.sample(AbortSignal.timeout(5_000));
    expect(s.nodes).toHaveLength(1);
    expect(s.nodes[0]?.status).toMatchObject({ kind: 'unreachable' });
    await d.dispose();
  });

  it('a seed that is not host:port is refused before connecting', async () => {
    const d = mariadbDriver(['127.0.0.1:99999']);
    expect(await d.connect(AbortSignal.timeout(1_000))).toMatchObject({ ok: false, code: 'invalid-address' });
    await d.dispose();
  });
});

describe('MariaDB seeds that are not MariaDB', () => {
  const servers: net.Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  const listen = async (onConnection: (socket: net.Socket) => void): Promise<number> => {
    const server = net.createServer(onConnection);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as net.AddressInfo).port;
  };

  it('a server that answers like HTTP is not-mariadb', async () => {
    const port = await listen((socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    const d = mariadbDriver([`127.0.0.1:${port}`]);
    const r = await d.connect(AbortSignal.timeout(5_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.code, r.reason]).toEqual(['not-mariadb', expect.stringContaining(`127.0.0.1:${port}`)]);
    await d.dispose();
  });

  it('a server that never speaks is a timeout after the connect timeout, not a hang', async () => {
    const sockets: net.Socket[] = [];
    const port = await listen((socket) => sockets.push(socket));
    const d = mariadbDriver([`127.0.0.1:${port}`]);
    const started = Date.now();
    const r = await d.connect(AbortSignal.timeout(10_000));
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    sockets.forEach((s) => s.destroy());
    await d.dispose();
  });

  it('follows the caller\'s AbortSignal while connecting: aborted at once, not after the connect timeout', async () => {
    const sockets: net.Socket[] = [];
    const port = await listen((socket) => sockets.push(socket));
    const d = mariadbDriver([`127.0.0.1:${port}`], { timeouts: { connectTimeoutMs: 10_000, queryTimeoutMs: 10_000 } });
    const started = Date.now();
    const r = await d.connect(AbortSignal.timeout(200));
    expect(r).toMatchObject({ ok: false, code: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2_000);
    sockets.forEach((s) => s.destroy());
    await d.dispose();
  });
});
