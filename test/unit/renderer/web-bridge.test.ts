import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { bridgeUrl, WebBridgeClient } from '../../../renderer/api/web-bridge';
import type { WebSocketLike } from '../../../renderer/api/socket';
import type { ConnectionStatus } from '../../../renderer/api/types';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import { cluster, delta } from './fixtures';

interface Server {
  wss: WebSocketServer;
  url: string;
  sockets: WebSocket[];
  requests: { id: number; channel: string; request: unknown }[];
  urls: string[];
  /** What to answer to a request; `undefined` answers nothing. */
  answer: (req: { id: number; channel: string }) => unknown;
}

const servers: WebSocketServer[] = [];
const clients: WebBridgeClient[] = [];

async function startServer(): Promise<Server> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/bridge' });
  servers.push(wss);
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  const server: Server = { wss, url: `ws://127.0.0.1:${port}/bridge`, sockets: [], requests: [], urls: [], answer: () => undefined };
  wss.on('connection', (socket, req) => {
    server.sockets.push(socket);
    server.urls.push(req.url ?? '');
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id: number; channel: string; request: unknown };
      server.requests.push(frame);
      const result = server.answer(frame);
      if (result !== undefined) socket.send(JSON.stringify({ type: 'response', id: frame.id, result }));
    });
  });
  return server;
}

function client(url: string, opts: { requestTimeoutMs?: number } = {}): { c: WebBridgeClient; statuses: ConnectionStatus[] } {
  const c = new WebBridgeClient({
    url,
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
    random: () => 0,
    backoff: { baseMs: 40, maxMs: 200 },
    ...opts,
  });
  clients.push(c);
  const statuses: ConnectionStatus[] = [];
  c.onStatus((s) => statuses.push(s));
  c.start();
  return { c, statuses };
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const push = (socket: WebSocket, payload: unknown, channel = 'monitor:delta') =>
  socket.send(JSON.stringify({ type: 'push', channel, payload }));

afterEach(async () => {
  for (const c of clients.splice(0)) c.dispose();
  await Promise.all(
    servers.splice(0).map((wss) => {
      for (const s of wss.clients) s.terminate();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    }),
  );
  vi.restoreAllMocks();
});

describe('bridgeUrl', () => {
  it('uses ws/wss by page protocol and forwards the token', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:8080', search: '' })).toBe('ws://127.0.0.1:8080/bridge');
    expect(bridgeUrl({ protocol: 'https:', host: 'desk.example', search: '?token=a b&x=1' })).toBe('wss://desk.example/bridge?token=a%20b');
  });
});

describe('WebBridgeClient against a real ws server', () => {
  it('queues a request made while connecting, sends a BridgeRequest, and resolves the validated Result', async () => {
    const server = await startServer();
    server.answer = () => ({ ok: true, value: [cluster('c1')] });
    const { c } = client(`${server.url}?token=t0k`);
    expect(c.status().kind).toBe('connecting');
    const result = await c.invoke('clusters:list', {});
    expect(result).toEqual({ ok: true, value: [cluster('c1')] });
    expect(server.requests[0]).toEqual({ id: expect.any(Number), channel: 'clusters:list', request: {} });
    expect(server.urls[0]).toBe('/bridge?token=t0k');
    expect(c.status().kind).toBe('open');
  });

  it('passes a server failure through as data and flags an answer that does not fit the contract', async () => {
    const server = await startServer();
    server.answer = (req) =>
      req.channel === 'clusters:add'
        ? { ok: false, code: 'auth-failed', reason: 'password authentication failed for user "x"' }
        : { ok: true, value: [{ id: 'c1', name: 42 }] };
    const { c } = client(server.url);
    const add = await c.invoke('clusters:add', { engine: 'postgres', name: 'x', seeds: ['postgres://x@h/db'] });
    expect(add).toEqual({ ok: false, code: 'auth-failed', reason: 'password authentication failed for user "x"' });
    const list = await c.invoke('clusters:list', {});
    expect(list.ok).toBe(false);
    if (list.ok) return;
    expect(list.code).toBe('invalid-response');
    expect(list.reason).toContain('name');
  });

  it('delivers valid delta pushes and drops invalid frames with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const server = await startServer();
    const { c } = client(server.url);
    const got: MonitorDelta[] = [];
    c.onDelta((d) => got.push(d));
    await until(() => server.sockets.length === 1 && c.status().kind === 'open', 'open');
    const socket = server.sockets[0]!;
    socket.send('not json');
    push(socket, { seq: 'one' });
    push(socket, delta({ seq: 3 }), 'monitor:other');
    push(socket, delta({ seq: 4, clusters: [cluster('c9')] }));
    await until(() => got.length === 1, 'a delta');
    expect(got[0]!.seq).toBe(4);
    expect(got[0]!.clusters[0]!.id).toBe('c9');
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[1]![0])).toContain('seq');
  });

  it('fails in-flight requests as data when the connection drops, then reconnects with backoff', async () => {
    const server = await startServer();
    const { c, statuses } = client(server.url);
    await until(() => c.status().kind === 'open', 'open');
    const pending = c.invoke('clusters:list', {});
    await until(() => server.requests.length === 1, 'the request to arrive');
    server.sockets[0]!.terminate();
    const result = await pending;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('disconnected');
    const whileWaiting = await c.invoke('clusters:list', {});
    expect(whileWaiting.ok === false && whileWaiting.code).toBe('disconnected');
    await until(() => server.sockets.length === 2 && c.status().kind === 'open', 'the reconnect');
    expect(statuses.map((s) => s.kind)).toEqual(['connecting', 'open', 'waiting', 'connecting', 'open']);
    server.answer = () => ({ ok: true, value: [] });
    expect(await c.invoke('clusters:list', {})).toEqual({ ok: true, value: [] });
  });

  it('keeps retrying while the server is down and connects once it is back', async () => {
    const server = await startServer();
    const { port } = server.wss.address() as AddressInfo;
    await new Promise<void>((resolve) => server.wss.close(() => resolve()));
    const { c, statuses } = client(`ws://127.0.0.1:${port}/bridge`);
    await until(() => statuses.filter((s) => s.kind === 'waiting').length >= 2, 'two failed attempts');
    const waiting = statuses.find((s) => s.kind === 'waiting');
    expect(waiting && waiting.kind === 'waiting' && waiting.reason).toMatch(/code/);
    const again = new WebSocketServer({ host: '127.0.0.1', port, path: '/bridge' });
    servers.push(again);
    await until(() => c.status().kind === 'open', 'connect to the restarted server');
  });

  it('times out a request that gets no answer', async () => {
    const server = await startServer();
    const { c } = client(server.url, { requestTimeoutMs: 150 });
    const result = await c.invoke('clusters:list', {});
    expect(result.ok === false && result.code).toBe('timeout');
  });

  it('dispose fails pending requests, closes, and never reconnects', async () => {
    const server = await startServer();
    const { c, statuses } = client(server.url);
    await until(() => c.status().kind === 'open', 'open');
    const pending = c.invoke('clusters:list', {});
    c.dispose();
    const result = await pending;
    expect(result.ok === false && result.code).toBe('disconnected');
    expect(c.status().kind).toBe('closed');
    await new Promise((r) => setTimeout(r, 150));
    expect(server.sockets).toHaveLength(1);
    expect(statuses.at(-1)?.kind).toBe('closed');
  });
});
