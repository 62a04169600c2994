import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentServer, type AgentServer } from '../../../../../agent/server';
import { MariadbLogBackend } from '../../../../../agent/mariadb/backend';
import { GaleraLogAgents, logAgentState } from '../../../../../electron/drivers/mariadb/galera/galera-log-agents';
import type { DriverEvent } from '../../../../../electron/core/driver';
import { GaleraNodeSchema } from '../../../../../shared/engines/galera';
import { FakeBackend } from '../../../agent/fake-backend';
import { quietLog, TOKEN, waitFor } from '../../../agent/helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(backend: MariadbLogBackend | FakeBackend): Promise<AgentServer> {
  const server = await startAgentServer({ backend, token: TOKEN, log: quietLog, livenessCheckMs: 50 });
  cleanups.push(() => server.close());
  return server;
}

function agentsFor(url: string): { agents: GaleraLogAgents; events: DriverEvent[] } {
  const agents = new GaleraLogAgents([{ nodeAddress: '10.0.0.5:3306', url, token: TOKEN }], { log: quietLog, now: Date.now, connectTimeoutMs: 1_000, reportIntervalMs: 250 });
  cleanups.push(() => agents.dispose());
  const events: DriverEvent[] = [];
  agents.onEvent((e) => events.push(e));
  return { agents, events };
}

describe('a Galera node’s error-log agent, as the MariaDB cluster shows it', () => {
  it('log unreadable → connected and reading → not connected, each change one event named by the node', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-log-agent-state-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'error.log');
    const backend = new MariadbLogBackend({ nodeId: '10.0.0.5:3306', errorLog: file, pollMs: 50 });
    await backend.start();
    const server = await serve(backend);
    const { agents, events } = agentsFor(server.url);
    const state = () => agents.stateOf('10.0.0.5:3306');

    await waitFor(() => state()?.state === 'log-unreadable', 5_000, 'log unreadable');
    expect(state()!.detail).toMatch(new RegExp(`^${server.url}: cannot read .*error\\.log \\(.*ENOENT`));
    expect(agents.stateOf('10.0.0.6:3306')).toBeUndefined();

    writeFileSync(file, '');
    await waitFor(() => state()?.state === 'connected', 5_000, 'connected and reading');
    expect(state()).toEqual({ state: 'connected', detail: `${server.url}: reading ${file}` });
    expect(GaleraNodeSchema.shape.logAgent.parse(state())).toEqual(state());

    await server.close();
    await waitFor(() => state()?.state === 'not-connected', 5_000, 'not connected');

    expect(events.map((e) => [e.kind, e.severity, e.nodeId, e.message.replace(/:.*/, '')])).toEqual([
      ['monitor-error', 'warning', '10.0.0.5:3306', 'error-log agent of 10.0.0.5'],
      ['monitor-error', 'info', '10.0.0.5:3306', 'error-log agent of 10.0.0.5'],
      ['monitor-error', 'warning', '10.0.0.5:3306', 'error-log agent of 10.0.0.5'],
    ]);
    expect(events[0]!.message).toContain('cannot read the log');
    expect(events[1]!.message).toContain(`connected: ${server.url}: reading ${file}`);
    expect(events[2]!.message).toContain('not connected');
  });

  it('an agent of another engine at that URL is not the node’s log agent', async () => {
    const server = await serve(new FakeBackend('n1'));
    const { agents } = agentsFor(server.url);
    await waitFor(() => agents.stateOf('10.0.0.5:3306')?.detail.includes('sandbox agent') === true, 5_000, 'ready');
    expect(agents.stateOf('10.0.0.5:3306')).toMatchObject({ state: 'not-connected' });
    expect(agents.attached('10.0.0.5:3306')).toBe(false);
  });

  it('pure: an agent never reached is not connected, with the connection’s last error', () => {
    const s = logAgentState('ws://x:1', { kind: 'backoff', retryAt: 0, lastError: { ok: false, code: 'unreachable', reason: 'cannot reach the agent at ws://x:1: ECONNREFUSED' } }, new Map());
    expect(s).toEqual({ state: 'not-connected', detail: 'cannot reach the agent at ws://x:1: ECONNREFUSED' });
  });
});
