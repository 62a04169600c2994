import { afterEach, describe, expect, it } from 'vitest';
import { createAgentDriver, type AgentDriver } from '../../../electron/drivers/agent';
import { AgentSpecSchema } from '../../../shared/model/cluster';
import { FakeBackend } from './fake-backend';
import { helloClient } from './ws-client';
import { quietLog, serverPool, TOKEN, waitFor } from './helpers';

const pool = serverPool();
const drivers: AgentDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) d.dispose();
  await pool.cleanup();
});

function driverFor(url: string): AgentDriver {
  const spec = AgentSpecSchema.parse({ engine: 'agent', name: 'test', agents: [{ url, token: TOKEN }], sampleIntervalMs: 250 });
  const d = createAgentDriver(spec, { clusterId: 'c1', log: quietLog, now: Date.now }, { backoff: { baseMs: 50, maxMs: 200 }, connectTimeoutMs: 1_000 });
  drivers.push(d);
  return d;
}

describe('agent server: capabilities frames', () => {
  it('announces what it accepts right after welcome, and again only when the list changes', async () => {
    const { server, backend } = await pool.start(new FakeBackend('n1', { role: 'replica', upstream: 'n0' }));
    const c = await helloClient(server.url, TOKEN);
    expect((await c.next('capabilities')).capabilities).toEqual(['promote', 'write', 'read', 'fault']);
    c.send({ v: 1, type: 'subscribe', intervalMs: 250 });
    await c.next('samples');
    const before = c.frames.length;
    // The replica is promoted: as a primary it no longer accepts promote.
    backend.caps = ['fence', 'unfence', 'write', 'read', 'fault'];
    backend.emit({ at: Date.now(), kind: 'role-change', severity: 'warning', nodeId: 'n1', message: 'n1 was promoted' });
    expect((await c.next('capabilities', 3_000, before)).capabilities).toEqual(['fence', 'unfence', 'write', 'read', 'fault']);
    await waitFor(() => c.frames.filter((f) => f.type === 'samples').length >= 3, 3_000, 'two more samples');
    expect(c.frames.filter((f) => f.type === 'capabilities')).toHaveLength(2);
    // What it no longer lists is refused.
    c.send({ v: 1, type: 'command', id: 'p1', command: { name: 'promote' } });
    expect((await c.next('commandResult')).result).toMatchObject({ ok: false, code: 'not-supported' });
    c.close();
  });

  it('answers a command name the protocol does not define with a commandResult, and keeps the connection', async () => {
    const { server } = await pool.start();
    const c = await helloClient(server.url, TOKEN);
    c.send({ v: 1, type: 'command', id: 'u1', command: { name: 'selfDestruct', now: true } });
    const res = await c.next('commandResult');
    expect(res).toMatchObject({ id: 'u1', result: { ok: false, code: 'unknown-command', issues: [{ path: 'command.name' }] } });
    expect(c.frames.some((f) => f.type === 'error')).toBe(false);
    // A known name with a bad field is still an error frame naming the field.
    c.send({ v: 1, type: 'command', id: 'u2', command: { name: 'write' } });
    expect(await c.next('error')).toMatchObject({ id: 'u2', field: 'command.key' });
    c.send({ v: 1, type: 'command', id: 'u3', command: { name: 'read', key: 'k' } });
    expect((await c.next('commandResult', 3_000, c.frames.length)).result).toEqual({ ok: true, value: { key: 'k', value: 42 } });
    c.close();
  });
});

describe('agent driver: pushed capabilities and news', () => {
  it('uses the newest capabilities frame for its actions, and calls onChange on every push', async () => {
    const { server, backend } = await pool.start(new FakeBackend('n1'));
    const d = driverFor(server.url);
    let changes = 0;
    d.onChange(() => (changes += 1));
    expect((await d.connect(new AbortController().signal)).ok).toBe(true);
    const conn = d.connections[0]!;
    expect([...conn.capabilities]).toEqual(['promote', 'write', 'read', 'fault']);
    const seen = changes;
    await waitFor(() => changes >= seen + 2, 2_000, 'two pushed samples');
    backend.caps = ['read'];
    backend.emit({ at: Date.now(), kind: 'role-change', severity: 'warning', nodeId: 'n1', message: 'n1 stepped down' });
    await waitFor(() => conn.capabilities.length === 1, 2_000, 'the new capabilities');
    expect([...conn.capabilities]).toEqual(['read']);
    // A command the agent no longer announced is not offered to faults.
    expect(await d.injectFault({ kind: 'kill-node', nodeId: 'n1' })).toMatchObject({ ok: false, code: 'agent-unavailable' });
    // A disposed driver calls nobody.
    d.dispose();
    const after = changes;
    await new Promise((r) => setTimeout(r, 400));
    expect(changes).toBe(after);
  });
});
