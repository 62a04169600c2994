import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { createLogger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import { POSTGRES_NODE_AGENT } from '../../electron/drivers/agent/node-agent-refusal';
import { checkPostgresForm, emptyPostgresForm } from '../../renderer/features/clusters/form-model';
import type { ActionRun } from '../../shared/ipc/actions';
import type { Cluster } from '../../shared/model/cluster';
import type { NodeActions } from '../../shared/model/action';
import type { ClusterSample } from '../../shared/model/sample';
import type { Result } from '../../shared/result';
import { startPgAgents, type PgAgents } from '../harness/pg-agents';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';

/**
 * The new-user trial: a PostgreSQL 15 primary + standby with a `postgres` node agent on each host. Added from the
 * Add PostgreSQL form's values (Node agents rows), the core connects the agents: the switchover plan has no by-hand
 * steps. "Connect agent…" with the same agents is refused with the way to the form, and makes no second cluster.
 */
const TOKEN = 'form-agents-token';
let cluster: PgCluster;
let agents: PgAgents;
let core: AppCore;
let dir = '';
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;
const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.reason}`);
  return r.value as T;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 1 });
  agents = await startPgAgents(cluster, TOKEN);
  dir = mkdtempSync(path.join(tmpdir(), 'rd-form-agents-'));
  core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('test/form-agents'), deltaFlushMs: 50 });
}, 120_000);

afterAll(async () => {
  await core?.dispose();
  await agents?.stop();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Adds the cluster from the form's values (rows: node agents), waits for both nodes, plans a switchover to standby1. */
async function addAndPlan(name: string, rows: { nodeAddress: string; url: string; token: string }[]): Promise<{ clusterId: string; run: ActionRun; primaryRejoin: string | null }> {
  const check = checkPostgresForm({ ...emptyPostgresForm, name, seeds: cluster.connectionString('primary'), discoveryPorts: String(cluster.node('standby1').port), sampleIntervalMs: '500', nodeAgents: rows });
  if (!check.ok) throw new Error(`form refused: ${JSON.stringify(check.errors)}`);
  const clusterId = value<Cluster>(await core.handle('clusters:add', check.spec)).id;
  await until('both nodes sampled', 30_000, async () => {
    const s = value<ClusterSample | null>(await core.handle('clusters:snapshot', { clusterId }));
    return s?.nodes.length === 2 && s.links.some((l) => l.state === 'streaming');
  });
  const rejoinWhy = async () => value<NodeActions[]>(await core.handle('actions:available', { clusterId })).find((n) => n.nodeId === id('primary'))?.actions.find((a) => a.kind === 'rejoin')?.why ?? null;
  // With agents: wait until the primary's host is under control (its agent connected).
  if (rows.length > 0) await until('the agents connected', 15_000, async () => (await rejoinWhy()) !== 'needs the agent on that host');
  const run = value<ActionRun>(await core.handle('actions:plan', { clusterId, kind: 'switchover', target: id('standby1') }));
  return { clusterId, run, primaryRejoin: await rejoinWhy() };
}

describe('PostgreSQL node agents attached from the Add PostgreSQL form', () => {
  it('without rows the switchover has by-hand steps; with them the agents are connected and it has none', async () => {
    const bare = await addAndPlan('orders no agents', []);
    expect(bare.primaryRejoin).toBe('needs the agent on that host');
    expect(bare.run.plan.steps.filter((s) => s.manual).length).toBeGreaterThan(0);
    expect(value<{ removed: boolean }>(await core.handle('clusters:remove', { clusterId: bare.clusterId })).removed).toBe(true);

    const rows = agents.agents.map((a) => ({ nodeAddress: a.nodeAddress, url: a.url, token: a.token }));
    expect(rows.map((r) => r.nodeAddress)).toEqual([id('primary'), id('standby1')]);
    const withAgents = await addAndPlan('orders', rows);
    expect(withAgents.primaryRejoin).toBe('it is the only primary: there is nothing to rejoin');
    expect(withAgents.run.plan.steps.filter((s) => s.manual)).toEqual([]);
    expect(withAgents.run.plan.rejoin ?? null).toBeNull();
    // The old primary's host steps go over its agent, not to the admin.
    const agentSteps = withAgents.run.plan.steps.filter((s) => s.command.startsWith('agent: ')).map((s) => s.command);
    expect(agentSteps.join('\n')).toMatch(/pg_ctl stop[^]*pg_rewind[^]*standby\.signal[^]*pg_ctl start/);

    // And it runs: standby1 is the primary, the old primary streams from it, nothing left by hand.
    value(await core.handle('actions:execute', { planId: withAgents.run.plan.id, confirmName: 'orders' }));
    const planId = withAgents.run.plan.id;
    let last: ActionRun | undefined;
    await until('the switchover finished', 90_000, async () => {
      last = value<ActionRun[]>(await core.handle('actions:list', { clusterId: withAgents.clusterId })).find((r) => r.plan.id === planId);
      return last !== undefined && !['planned', 'running'].includes(last.status);
    });
    expect(last?.status, JSON.stringify(last?.plan.steps.map((s) => [s.title, s.state, s.detail]))).toBe('done');
    await until('the old primary streams from standby1', 30_000, async () => {
      const s = value<ClusterSample | null>(await core.handle('clusters:snapshot', { clusterId: withAgents.clusterId }));
      const primaries = s?.nodes.filter((n) => n.role === 'primary').map((n) => n.id);
      return primaries?.join() === id('standby1') && (s?.links.some((l) => l.from === id('standby1') && l.to === id('primary') && l.state === 'streaming') ?? false);
    });
    const truth = await cluster.query<{ rec: boolean }>('primary', 'SELECT pg_is_in_recovery() AS rec');
    expect(truth[0]?.rec).toBe(true);
  }, 180_000);

  it('"Connect agent…" with the same agents is refused with the way to + Add cluster (PostgreSQL) → Node agents, and adds nothing', async () => {
    const before = value<Cluster[]>(await core.handle('clusters:list', {})).length;
    const r = await core.handle('clusters:add', { engine: 'agent', name: 'orders agents', agents: agents.agents.map((a) => ({ url: a.url, token: a.token })) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(POSTGRES_NODE_AGENT);
    expect(r.reason).toMatch(/is a PostgreSQL node agent for node 127\.0\.0\.1:\d+/);
    expect(r.reason).toContain('+ Add cluster (PostgreSQL) → Node agents');
    expect(value<Cluster[]>(await core.handle('clusters:list', {}))).toHaveLength(before);
  }, 60_000);
});
