import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentServer, type AgentServer } from '../../../agent/server';
import { MariadbLogBackend } from '../../../agent/mariadb/backend';
import { createAgentDriver, type AgentDriver } from '../../../electron/drivers/agent';
import { MARIADB_LOG_AGENT } from '../../../electron/drivers/agent/node-agent-refusal';
import { AgentSpecSchema } from '../../../shared/model/cluster';
import { FakeBackend } from './fake-backend';
import { quietLog, TOKEN, waitFor } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(backend: MariadbLogBackend | FakeBackend): Promise<AgentServer> {
  const server = await startAgentServer({ backend, token: TOKEN, log: quietLog, livenessCheckMs: 50 });
  cleanups.push(() => server.close());
  return server;
}

async function logAgent(nodeId: string): Promise<AgentServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-connect-refusal-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'error.log');
  writeFileSync(file, '');
  const backend = new MariadbLogBackend({ nodeId, errorLog: file });
  await backend.start();
  return serve(backend);
}

function driverFor(urls: string[]): AgentDriver {
  const spec = AgentSpecSchema.parse({ engine: 'agent', name: 'gal-agent', agents: urls.map((url) => ({ url, token: TOKEN })), sampleIntervalMs: 250 });
  const d = createAgentDriver(spec, { clusterId: 'c1', log: quietLog, now: Date.now }, { backoff: { baseMs: 50, maxMs: 200 }, connectTimeoutMs: 1_000, firstReportTimeoutMs: 3_000 });
  cleanups.push(() => d.dispose());
  return d;
}

describe('"Connect agent…" with a MariaDB error-log agent', () => {
  it('refuses to make a cluster of it, and says where it belongs (the MariaDB cluster that has its node, under Node agents)', async () => {
    const agent = await logAgent('10.0.0.5:3306');
    const started = Date.now();
    const r = await driverFor([agent.url]).connect(new AbortController().signal);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(MARIADB_LOG_AGENT);
    expect(r.reason).toContain(`${agent.url} is a MariaDB error-log agent for node 10.0.0.5:3306`);
    expect(r.reason).toContain('Add it to the MariaDB cluster that has 10.0.0.5:3306, under Node agents');
    // Refused at its welcome, not after the first-report timeout.
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('refuses a mix too (a database agent beside a log agent), naming the log agent', async () => {
    const db = await serve(new FakeBackend('n1'));
    const agent = await logAgent('db2:3306');
    const d = driverFor([db.url, agent.url]);
    const r = await d.connect(new AbortController().signal);
    // Whichever answers first: the log agent's refusal, or (the database agent's report came first) a cluster whose
    // samples leave the log agent's node out and say why.
    if (!r.ok) {
      expect(r).toMatchObject({ code: MARIADB_LOG_AGENT, reason: expect.stringContaining('for node db2:3306') });
      return;
    }
    await waitFor(() => d.connections.every((c) => c.status.kind === 'ready'), 3_000, 'both agents ready');
    const s = await d.sample(new AbortController().signal);
    expect(s.nodes.map((n) => n.id)).toEqual(['n1']);
    expect(s.warnings.join('\n')).toContain('is a MariaDB error-log agent for node db2:3306');
  });

  it('still connects a database agent', async () => {
    const db = await serve(new FakeBackend('n1'));
    expect(await driverFor([db.url]).connect(new AbortController().signal)).toMatchObject({ ok: true });
  });
});
