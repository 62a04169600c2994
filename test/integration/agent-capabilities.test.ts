import { afterEach, describe, expect, it } from 'vitest';
import { createRaftSandbox } from '../../agent/sandbox';
import { serveCluster, type ServedNode } from '../../agent/server';
import type { SandboxCluster } from '../../agent/backend';
import { createAgentDriver, type AgentDriver } from '../../electron/drivers/agent';
import type { AgentConnection } from '../../electron/drivers/agent/connection';
import type { Logger } from '../../shared/log/logger';
import { AgentSpecSchema } from '../../shared/model/cluster';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
let cluster: SandboxCluster | null = null;
let served: ServedNode[] = [];
let driver: AgentDriver | null = null;

afterEach(async () => {
  driver?.dispose();
  await Promise.allSettled(served.map((s) => s.server.close()));
  await cluster?.dispose();
});

async function waitFor<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * In the Raft sandbox only the leader accepts `write` and `transferLeadership`.
 * The agents announce the change in `capabilities` frames, and the app's
 * driver follows them on the open connections (no reconnect).
 */
describe('capabilities follow the role (Raft sandbox behind real agents)', () => {
  it('after a leadership transfer, the new leader announces transferLeadership and the old one withdraws it', async () => {
    cluster = createRaftSandbox();
    served = await serveCluster(cluster, { token: 't', host: '127.0.0.1' });
    const spec = AgentSpecSchema.parse({ engine: 'agent', name: 'raft', agents: served.map((s) => ({ url: s.server.url, token: 't' })), sampleIntervalMs: 250 });
    driver = createAgentDriver(spec, { clusterId: 'raft', log: quiet, now: Date.now });
    expect((await driver.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
    const d = driver;
    const conn = (nodeId: string) => d.connections.find((c) => c.status.kind === 'ready' && c.status.welcome.nodeId === nodeId);
    const leaderConn = () => d.connections.filter((c) => c.capabilities.includes('transferLeadership'));
    const [oldLeader] = await waitFor('exactly one agent announcing transferLeadership', () => {
      const l = leaderConn();
      return l.length === 1 && d.connections.every((c) => c.status.kind === 'ready') ? l : null;
    });
    const from = (oldLeader!.status as Extract<AgentConnection['status'], { kind: 'ready' }>).welcome.nodeId;
    const to = served.map((s) => s.nodeId).find((id) => id !== from)!;
    const sinceBefore = new Map(d.connections.map((c) => [c.url, c.status.kind === 'ready' ? c.status.since : -1]));
    expect([...conn(to)!.capabilities]).not.toContain('transferLeadership');

    expect(await d.sendCommand(from, { name: 'transferLeadership', to })).toMatchObject({ ok: true, value: { leader: to } });
    await waitFor(`${to} to announce transferLeadership`, () => conn(to)?.capabilities.includes('transferLeadership'), 5_000);
    await waitFor(`${from} to withdraw it`, () => !conn(from)?.capabilities.includes('transferLeadership'), 5_000);
    expect([...conn(to)!.capabilities].sort()).toEqual(['fault', 'read', 'transferLeadership', 'write']);
    expect([...conn(from)!.capabilities].sort()).toEqual(['fault', 'read']);
    // The same connections, updated in place: nobody reconnected to learn it.
    for (const c of d.connections) expect(c.status.kind === 'ready' ? c.status.since : -2).toBe(sinceBefore.get(c.url));
    // And the old leader's agent now refuses what it withdrew.
    expect(await d.sendCommand(from, { name: 'write', key: 'k', value: 1 })).toMatchObject({ ok: false, code: 'not-supported' });
  });
});
