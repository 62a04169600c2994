import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createAgentDriver, type AgentDriver } from '../../../electron/drivers/agent';
import type { DriverEvent } from '../../../electron/core/driver';
import { AgentSpecSchema } from '../../../shared/model/cluster';
import { DEFAULT_AGENT_LIMITS } from '../../../shared/agent/limits';
import { FakeBackend } from './fake-backend';
import { quietLog, serverPool, TOKEN, waitFor } from './helpers';

const pool = serverPool();
const drivers: AgentDriver[] = [];
const extra: { close(): void }[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) d.dispose();
  for (const s of extra.splice(0)) s.close();
  await pool.cleanup();
});

function driverFor(urls: string[], token = TOKEN, intervalMs = 250): AgentDriver {
  const spec = AgentSpecSchema.parse({ engine: 'agent', name: 'test', agents: urls.map((url) => ({ url, token })), sampleIntervalMs: intervalMs });
  const d = createAgentDriver(spec, { clusterId: 'c1', log: quietLog, now: Date.now }, { backoff: { baseMs: 50, maxMs: 200 }, connectTimeoutMs: 1_000, firstReportTimeoutMs: 3_000 });
  drivers.push(d);
  return d;
}
const signal = () => new AbortController().signal;

async function primaryReplicaChain() {
  const a = await pool.start(new FakeBackend('n1'));
  const b = await pool.start(new FakeBackend('n2', { role: 'replica', upstream: 'n1' }));
  const c = await pool.start(new FakeBackend('n3', { role: 'cascading-replica', upstream: 'n2' }));
  return [a, b, c];
}

describe('agent driver', () => {
  it('merges the reports of every agent into one sample', async () => {
    const agents = await primaryReplicaChain();
    const d = driverFor(agents.map((a) => a.server.url));
    expect(await d.connect(signal())).toEqual({ ok: true, value: { kind: 'primary-replica' } });
    await waitFor(() => d.connections.every((c) => c.latest.size === 1), 3_000, 'a report from every agent');
    const s = await d.sample(signal());
    expect(s.nodes.map((n) => [n.id, n.role, n.status.kind]).sort()).toEqual([
      ['n1', 'primary', 'up'],
      ['n2', 'replica', 'up'],
      ['n3', 'cascading-replica', 'up'],
    ]);
    expect(s.links.map((l) => l.id).sort()).toEqual(['n1->n2', 'n2->n3']);
    expect(s.consensus).toBeNull();
    expect(s.warnings).toEqual([]);
    expect(d.identities()).toEqual(agents.map((a) => a.server.url));
  });

  it('shows a stale node as unreachable with its last position after its agent goes, and recovers after a restart', async () => {
    const [a, b] = await primaryReplicaChain();
    const d = driverFor([a!.server.url, b!.server.url]);
    await d.connect(signal());
    await waitFor(() => d.connections.every((c) => c.latest.size === 1), 3_000, 'reports');
    const port = b!.server.port;
    await b!.server.close();
    await waitFor(() => d.connections[1]!.status.kind !== 'ready', 3_000, 'agent gone');
    const before = d.connections[1]!.latest.get('n2')!;
    const stale = await d.sample(signal());
    const n2 = stale.nodes.find((n) => n.id === 'n2')!;
    expect(n2.status.kind).toBe('unreachable');
    expect(n2.position).toBe(before.report.node.position);
    expect(n2.role).toBe('replica');
    expect(stale.links.find((l) => l.id === 'n1->n2')!.lag.measuredAt).toBe(before.report.links[0]!.lag.measuredAt);

    await pool.start(b!.backend, { port });
    await waitFor(() => d.connections[1]!.status.kind === 'ready', 5_000, 'reconnect');
    await waitFor(() => d.connections[1]!.latest.get('n2')!.receivedAt > before.receivedAt, 3_000, 'a fresh report');
    const fresh = await d.sample(signal());
    expect(fresh.nodes.find((n) => n.id === 'n2')!.status.kind).toBe('up');
  });

  it('shows a killed node as down, and forwards agent events', async () => {
    const [a, b] = await primaryReplicaChain();
    const d = driverFor([a!.server.url, b!.server.url]);
    const events: DriverEvent[] = [];
    d.onEvent!((e) => events.push(e));
    await d.connect(signal());
    a!.backend.emit({ at: 5, kind: 'conflict-detected', severity: 'warning', nodeId: 'n1', message: 'k1 written on two nodes' });
    await waitFor(() => events.length === 1, 2_000, 'event');
    expect(events[0]).toEqual({ at: 5, kind: 'conflict-detected', severity: 'warning', nodeId: 'n1', message: 'k1 written on two nodes' });

    await waitFor(() => d.connections[1]!.latest.size === 1, 3_000, 'n2 report');
    const fault = await d.injectFault({ kind: 'kill-node', nodeId: 'n2' });
    // Sent to n1's agent, not to the node being killed.
    expect(fault).toEqual({ ok: true, value: 'fake applied kill-node' });
    expect(a!.backend.commands).toHaveLength(1);
    b!.backend.alive = false;
    await waitFor(() => d.connections[1]!.status.kind === 'backoff', 3_000, 'n2 agent closes');
    const s = await d.sample(signal());
    expect(s.nodes.find((n) => n.id === 'n2')!.status).toMatchObject({ kind: 'down' });
  });

  it('sends a command to the agent of a node by id', async () => {
    const [a, b] = await primaryReplicaChain();
    const d = driverFor([a!.server.url, b!.server.url]);
    await d.connect(signal());
    await waitFor(() => d.connections.every((c) => c.status.kind === 'ready'), 3_000, 'ready');
    expect(await d.sendCommand('n2', { name: 'write', key: 'x', value: 1 })).toMatchObject({ ok: true, value: { key: 'x' } });
    expect(b!.backend.commands).toEqual([{ name: 'write', key: 'x', value: 1 }]);
    expect(await d.sendCommand('n9', { name: 'promote' })).toMatchObject({ ok: false, code: 'agent-unavailable' });
  });
});

describe('agent driver: connect failures say why', () => {
  it('auth-failed for a wrong token', async () => {
    const { server } = await pool.start();
    const r = await driverFor([server.url], 'nope').connect(signal());
    expect(r).toMatchObject({ ok: false, code: 'auth-failed' });
  });

  it('not-an-agent for an HTTP server and for a WebSocket server that is not an agent', async () => {
    const http = await listen(createServer((_req, res) => res.end('hello')));
    const echo = await listen(createServer());
    const wss = new WebSocketServer({ server: echo.server });
    wss.on('connection', (ws) => ws.on('message', (m) => ws.send(m.toString())));
    extra.push({ close: () => wss.close() });
    expect(await driverFor([http.url]).connect(signal())).toMatchObject({ ok: false, code: 'not-an-agent' });
    expect(await driverFor([echo.url]).connect(signal())).toMatchObject({ ok: false, code: 'not-an-agent' });
  });

  it('unreachable when nothing listens', async () => {
    const free = await listen(createServer());
    free.server.close();
    const r = await driverFor([free.url]).connect(signal());
    expect(r).toMatchObject({ ok: false, code: 'unreachable' });
  });

  it('invalid-url for a URL the WebSocket client cannot use', async () => {
    const r = await driverFor(['ws://exa mple:1']).connect(signal());
    expect(r).toMatchObject({ ok: false, code: 'invalid-url' });
  });

  it('detects an agent that goes silent (heartbeat timeout)', async () => {
    const silent = await listen(createServer());
    const wss = new WebSocketServer({ server: silent.server });
    extra.push({ close: () => wss.close() });
    const { backend } = { backend: new FakeBackend('n7') };
    wss.on('connection', (ws) => {
      ws.once('message', async () => {
        const limits = { ...DEFAULT_AGENT_LIMITS, heartbeatIntervalMs: 50, heartbeatTimeoutMs: 300 };
        ws.send(JSON.stringify({ v: 1, type: 'welcome', agentVersion: 'x', engine: 'sandbox', nodeId: 'n7', capabilities: [], limits }));
        const r = await backend.report();
        if (r.ok) ws.send(JSON.stringify({ v: 1, type: 'samples', seq: 0, reports: [r.value] }));
      });
    });
    const d = driverFor([silent.url]);
    expect(await d.connect(signal())).toMatchObject({ ok: true });
    await waitFor(() => d.connections[0]!.status.kind === 'backoff', 3_000, 'heartbeat timeout');
    const status = d.connections[0]!.status;
    expect(status.kind === 'backoff' && status.lastError.code).toBe('heartbeat-timeout');
    expect((await d.sample(signal())).nodes[0]!.status.kind).toBe('unreachable');
  });
});

async function listen(server: Server): Promise<{ server: Server; url: string }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  extra.push({ close: () => server.close() });
  return { server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
