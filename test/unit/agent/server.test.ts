import { afterEach, describe, expect, it } from 'vitest';
import { AgentCloseCode, DEFAULT_AGENT_LIMITS } from '../../../shared/agent/limits';
import { AGENT_VERSION } from '../../../agent/server';
import { FakeBackend } from './fake-backend';
import { helloClient, openClient } from './ws-client';
import { serverPool, TOKEN, waitFor } from './helpers';
import pkg from '../../../package.json';

const pool = serverPool();
afterEach(() => pool.cleanup());

describe('agent server: auth and validation', () => {
  it('welcomes a client with the right token and says who it is', async () => {
    const { server } = await pool.start();
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const c = await helloClient(server.url, TOKEN);
    const welcome = await c.next('welcome');
    expect(welcome).toMatchObject({ engine: 'sandbox', nodeId: 'n1', agentVersion: AGENT_VERSION, capabilities: ['promote', 'write', 'read', 'fault'] });
    expect(welcome.limits.maxFrameBytes).toBe(DEFAULT_AGENT_LIMITS.maxFrameBytes);
    expect(AGENT_VERSION).toBe(pkg.version);
    c.close();
  });

  it('refuses a wrong token with an error naming the token, then closes 4401', async () => {
    const { server } = await pool.start();
    const c = await openClient(server.url);
    c.send({ v: 1, type: 'hello', token: 'wrong', clientVersion: 'test/1' });
    const err = await c.next('error');
    expect(err).toMatchObject({ code: 'auth-failed', field: 'token' });
    expect((await c.closed).code).toBe(AgentCloseCode.authFailed);
  });

  it('closes a client that sends anything before hello, and one that never says hello', async () => {
    const { server } = await pool.start(new FakeBackend('n1'), { limits: { authDeadlineMs: 200 } });
    const early = await openClient(server.url);
    early.send({ v: 1, type: 'subscribe', intervalMs: 250 });
    expect(await early.next('error')).toMatchObject({ code: 'hello-required', field: 'type' });
    expect((await early.closed).code).toBe(AgentCloseCode.authFailed);
    const silent = await openClient(server.url);
    expect(await silent.next('error')).toMatchObject({ code: 'auth-timeout' });
    expect((await silent.closed).code).toBe(AgentCloseCode.authFailed);
  });

  it('answers malformed frames with an error naming the field and keeps the connection', async () => {
    const { server } = await pool.start();
    const c = await helloClient(server.url, TOKEN);
    c.send({ v: 1, type: 'subscribe', intervalMs: 5 });
    expect(await c.next('error')).toMatchObject({ code: 'invalid-payload', field: 'intervalMs' });
    let seen = c.frames.length;
    c.send({ v: 1, type: 'command', id: 'bad-1', command: { name: 'repoint' } });
    expect(await c.next('error', 3_000, seen)).toMatchObject({ field: 'command.upstream', id: 'bad-1' });
    seen = c.frames.length;
    c.send('{not json');
    expect(await c.next('error', 3_000, seen)).toMatchObject({ code: 'invalid-json', field: '(root)' });
    seen = c.frames.length;
    c.send({ v: 7, type: 'ping', at: 1 });
    expect(await c.next('error', 3_000, seen)).toMatchObject({ code: 'unsupported-version', field: 'v' });
    seen = c.frames.length;
    c.send({ v: 1, type: 'ping', at: 99 });
    expect(await c.next('pong', 3_000, seen)).toMatchObject({ at: 99 });
    c.close();
  });
});

describe('agent server: streams and commands', () => {
  it('pushes samples at the subscribed interval and events as they come', async () => {
    const { server, backend } = await pool.start();
    const c = await helloClient(server.url, TOKEN);
    c.send({ v: 1, type: 'subscribe', intervalMs: 250 });
    const first = await c.next('samples');
    expect(first.seq).toBe(0);
    expect(first.reports[0]?.node.id).toBe('n1');
    await waitFor(() => c.frames.filter((f) => f.type === 'samples').length >= 3, 2_000, 'three samples');
    const seqs = c.frames.flatMap((f) => (f.type === 'samples' ? [f.seq] : []));
    expect(seqs.slice(0, 3)).toEqual([0, 1, 2]);
    backend.emit({ at: 1, kind: 'role-change', severity: 'warning', nodeId: 'n1', message: 'n1 is now primary' });
    expect((await c.next('event')).event.message).toBe('n1 is now primary');
    c.close();
    await waitFor(() => backend.listenerCount === 0, 2_000, 'event listener released');
  });

  it('runs a command by id and returns its result, success or failure', async () => {
    const { server, backend } = await pool.start();
    const c = await helloClient(server.url, TOKEN);
    c.send({ v: 1, type: 'command', id: 'w1', command: { name: 'write', key: 'k', value: 1 } });
    c.send({ v: 1, type: 'command', id: 'r1', command: { name: 'read', key: 'missing' } });
    c.send({ v: 1, type: 'command', id: 'x1', command: { name: 'transferLeadership', to: 'n2' } });
    await waitFor(() => c.frames.filter((f) => f.type === 'commandResult').length === 3, 3_000, 'three results');
    const byId = Object.fromEntries(c.frames.flatMap((f) => (f.type === 'commandResult' ? [[f.id, f.result]] : [])));
    expect(byId.w1).toMatchObject({ ok: true, value: { key: 'k' } });
    expect(byId.r1).toMatchObject({ ok: false, code: 'not-found' });
    expect(byId.x1).toMatchObject({ ok: false, code: 'not-supported' });
    expect(backend.commands.map((cmd) => cmd.name)).toEqual(['write', 'read']);
    c.close();
  });
});

describe('agent server: abuse closes only the offender', () => {
  it('an oversized frame closes that socket (1009) while another client keeps getting samples', async () => {
    const { server } = await pool.start(new FakeBackend('n1'), { limits: { maxFrameBytes: 4 * 1024 } });
    const good = await helloClient(server.url, TOKEN);
    good.send({ v: 1, type: 'subscribe', intervalMs: 250 });
    const bad = await helloClient(server.url, TOKEN);
    bad.send({ v: 1, type: 'ping', at: 1, pad: 'x'.repeat(8 * 1024) });
    expect((await bad.closed).code).toBe(AgentCloseCode.frameTooLarge);
    const before = good.frames.length;
    await good.next('samples', 2_000, before);
    expect(good.ws.readyState).toBe(good.ws.OPEN);
    good.close();
  });

  it('a flood closes that socket (4429) while another client keeps getting samples', async () => {
    const { server } = await pool.start(new FakeBackend('n1'), { limits: { maxMessagesPerSecond: 20, messageBurst: 20 } });
    const good = await helloClient(server.url, TOKEN);
    good.send({ v: 1, type: 'subscribe', intervalMs: 250 });
    const flooder = await helloClient(server.url, TOKEN);
    for (let i = 0; i < 200; i++) flooder.send({ v: 1, type: 'ping', at: i });
    const closed = await flooder.closed;
    expect(closed.code).toBe(AgentCloseCode.rateLimited);
    expect(flooder.frames.some((f) => f.type === 'error' && f.code === 'rate-limited')).toBe(true);
    const before = good.frames.length;
    await good.next('samples', 2_000, before);
    expect(good.ws.readyState).toBe(good.ws.OPEN);
    good.close();
  });

  it('drops a client that stops answering heartbeats (4408)', async () => {
    const { server } = await pool.start(new FakeBackend('n1'), { limits: { heartbeatIntervalMs: 50, heartbeatTimeoutMs: 200 } });
    const c = await helloClient(server.url, TOKEN);
    expect(await c.next('ping')).toMatchObject({ type: 'ping' });
    expect((await c.closed).code).toBe(AgentCloseCode.heartbeatTimeout);
  });
});

describe('agent server: a dead node looks dead', () => {
  it('closes clients with 4503 and refuses new ones until the node is alive again', async () => {
    const { server, backend } = await pool.start();
    const c = await helloClient(server.url, TOKEN);
    c.send({ v: 1, type: 'subscribe', intervalMs: 250 });
    await c.next('samples');
    backend.alive = false;
    expect(await c.next('error')).toMatchObject({ code: 'node-down' });
    expect((await c.closed).code).toBe(AgentCloseCode.nodeDown);
    await expect(openClient(server.url)).rejects.toThrow('HTTP 503');
    backend.alive = true;
    const again = await helloClient(server.url, TOKEN);
    again.close();
  });

  it('answers plain HTTP with 426 and says it is an agent', async () => {
    const { server } = await pool.start();
    const res = await fetch(server.url.replace('ws://', 'http://'));
    expect(res.status).toBe(426);
    expect(res.headers.get('x-replicadesk-agent')).toBe('1');
  });
});
