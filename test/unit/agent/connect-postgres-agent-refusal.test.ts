import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentServer, type AgentServer } from '../../../agent/server';
import { PostgresBackend } from '../../../agent/postgres/backend';
import { LocalPostgresHost } from '../../../agent/postgres/local-host';
import { parseLogin } from '../../../agent/postgres/local-sql';
import { createAgentDriver, type AgentDriver } from '../../../electron/drivers/agent';
import { MARIADB_LOG_AGENT, nodeAgentRefusal, POSTGRES_NODE_AGENT } from '../../../electron/drivers/agent/node-agent-refusal';
import { AgentSpecSchema } from '../../../shared/model/cluster';
import { FakeBackend } from './fake-backend';
import { quietLog, TOKEN, waitFor } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(backend: PostgresBackend | FakeBackend): Promise<AgentServer> {
  const server = await startAgentServer({ backend, token: TOKEN, log: quietLog, livenessCheckMs: 50 });
  cleanups.push(() => server.close());
  return server;
}

/**
 * A real `replicadesk-agent --backend postgres` backend, as on a node's host. No server listens at its login
 * (port 1), so its reports say "not read"; what "Connect agent…" sees first is its welcome (engine postgres).
 */
async function pgNodeAgent(nodeId: string): Promise<AgentServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-pg-agent-refusal-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const login = parseLogin('postgres://postgres@127.0.0.1:1/postgres');
  if (!login.ok) throw new Error(login.reason);
  const host = new LocalPostgresHost({ dataDir: dir, binDir: '/nonexistent', runAs: null, logFile: path.join(dir, 'pg.log'), replicationUser: 'postgres', rewindConninfo: 'user=postgres dbname=postgres' });
  const backend = new PostgresBackend({ login: login.value, host, nodeId, queryTimeoutMs: 500 });
  cleanups.push(() => backend.dispose());
  return serve(backend);
}

function driverFor(urls: string[]): AgentDriver {
  const spec = AgentSpecSchema.parse({ engine: 'agent', name: 'orders-agents', agents: urls.map((url) => ({ url, token: TOKEN })), sampleIntervalMs: 250 });
  const d = createAgentDriver(spec, { clusterId: 'c1', log: quietLog, now: Date.now }, { backoff: { baseMs: 50, maxMs: 200 }, connectTimeoutMs: 1_000, firstReportTimeoutMs: 3_000 });
  cleanups.push(() => d.dispose());
  return d;
}

describe('"Connect agent…" with a PostgreSQL node agent', () => {
  it('refuses to make a cluster of it, and says where it belongs (+ Add cluster (PostgreSQL) → Node agents of the cluster that has its node)', async () => {
    const agent = await pgNodeAgent('10.0.0.5:5432');
    const started = Date.now();
    const r = await driverFor([agent.url]).connect(new AbortController().signal);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(POSTGRES_NODE_AGENT);
    expect(r.reason).toContain(`${agent.url} is a PostgreSQL node agent for node 10.0.0.5:5432`);
    expect(r.reason).toContain('Add it to the PostgreSQL cluster that has 10.0.0.5:5432, under Node agents');
    expect(r.reason).toContain(`+ Add cluster (PostgreSQL) → Node agents: node 10.0.0.5:5432, agent URL ${agent.url}, its token`);
    // Refused at its welcome, not after the first-report timeout.
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('refuses every agent of a PostgreSQL cluster named together (the trial: three node agents → no second cluster)', async () => {
    const agents = await Promise.all(['127.0.0.1:5432', '127.0.0.1:5433', '127.0.0.1:5434'].map(pgNodeAgent));
    const r = await driverFor(agents.map((a) => a.url)).connect(new AbortController().signal);
    expect(r).toMatchObject({ ok: false, code: POSTGRES_NODE_AGENT, reason: expect.stringMatching(/is a PostgreSQL node agent for node 127\.0\.0\.1:543[234]/) });
    // Named by its local login (no --node-id): the guidance asks for the address ReplicaDesk reaches the server at.
    expect(!r.ok && r.reason).toMatch(/the PostgreSQL cluster that has its server \(the agent names it 127\.0\.0\.1:543[234], by its local login\)/);
    expect(!r.ok && r.reason).toContain("Node agents: node: that server's host:port as ReplicaDesk reaches it");
  });

  it('in a mix with a database agent, refuses or leaves the node agent out of the samples, saying why', async () => {
    const db = await serve(new FakeBackend('n1'));
    const agent = await pgNodeAgent('db2:5432');
    const d = driverFor([db.url, agent.url]);
    const r = await d.connect(new AbortController().signal);
    if (!r.ok) {
      expect(r).toMatchObject({ code: POSTGRES_NODE_AGENT, reason: expect.stringContaining('for node db2:5432') });
      return;
    }
    await waitFor(() => d.connections.every((c) => c.status.kind === 'ready'), 3_000, 'both agents ready');
    const s = await d.sample(new AbortController().signal);
    expect(s.nodes.map((n) => n.id)).toEqual(['n1']);
    expect(s.warnings.join('\n')).toContain('is a PostgreSQL node agent for node db2:5432');
  });
});

describe('nodeAgentRefusal', () => {
  const welcome = (engine: 'sandbox' | 'postgres' | 'mariadb' | 'pgbouncer') => ({
    url: 'ws://h:7400',
    status: { kind: 'ready' as const, since: 0, welcome: { v: 1 as const, type: 'welcome' as const, agentVersion: 'x', engine, nodeId: 'h:5432', capabilities: [], limits: { maxFrameBytes: 1, maxMessagesPerSecond: 1, messageBurst: 1, heartbeatIntervalMs: 1, heartbeatTimeoutMs: 1, authDeadlineMs: 1 } } },
  });

  it('refuses node agents by their announced backend, as data; a cluster agent and an agent not yet ready pass', () => {
    expect(nodeAgentRefusal(welcome('postgres'))).toMatchObject({ ok: false, code: POSTGRES_NODE_AGENT });
    expect(nodeAgentRefusal(welcome('mariadb'))).toMatchObject({ ok: false, code: MARIADB_LOG_AGENT });
    expect(nodeAgentRefusal(welcome('sandbox'))).toBeNull();
    expect(nodeAgentRefusal({ url: 'ws://h:7400', status: { kind: 'connecting', attempt: 1 } })).toBeNull();
  });
});
