import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrimaryReplicaSandbox, createRaftSandbox } from '../../agent/sandbox';
import { serveCluster, type ServedNode } from '../../agent/server';
import type { SandboxCluster } from '../../agent/backend';
import { createAgentDriver, type AgentDriver } from '../../electron/drivers/agent';
import { runPlan } from '../../electron/core/actions/action-runner';
import { ActionJournal } from '../../electron/core/actions/action-journal';
import { AgentSpecSchema } from '../../shared/model/cluster';
import { ActionRequestSchema } from '../../shared/model/action';
import type { ClusterSample } from '../../shared/model/sample';
import type { Logger } from '../../electron/core/logger';

/** Switchover and failover on the sandbox primary/replica cluster, through the agent protocol only. */
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const signal = () => new AbortController().signal;
let cluster: SandboxCluster;
let served: ServedNode[] = [];
let driver: AgentDriver;
const dirs: string[] = [];

afterEach(async () => {
  driver?.dispose();
  await Promise.allSettled(served.map((s) => s.server.close()));
  await cluster?.dispose();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function start(make: () => SandboxCluster = () => createPrimaryReplicaSandbox({ writesPerSecond: 50 })): Promise<void> {
  cluster = make();
  served = await serveCluster(cluster, { token: 't', host: '127.0.0.1' });
  const spec = AgentSpecSchema.parse({ engine: 'agent', name: 'sb', agents: served.map((s) => ({ url: s.server.url, token: 't' })), sampleIntervalMs: 250 });
  driver = createAgentDriver(spec, { clusterId: 'sb', log: quiet, now: Date.now });
  const r = await driver.connect(signal());
  expect(r.ok).toBe(true);
}

async function until(ok: (s: ClusterSample) => boolean, timeoutMs = 10_000): Promise<ClusterSample> {
  const t0 = Date.now();
  for (;;) {
    const s = await driver.sample(signal());
    if (ok(s)) return s;
    if (Date.now() - t0 > timeoutMs) throw new Error(`not reached: ${JSON.stringify(s.nodes.map((n) => [n.id, n.role, n.status.kind]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const role = (s: ClusterSample, id: string) => s.nodes.find((n) => n.id === id)?.role;
const journal = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'rd-agent-actions-'));
  dirs.push(d);
  return new ActionJournal(d);
};

describe('sandbox actions through the agent driver', () => {
  it('switches over with no lost write: fence, drain, promote, repoint, rejoin', async () => {
    await start();
    const before = await until((s) => s.nodes.length === 4 && s.links.every((l) => l.state === 'streaming'));
    expect(driver.availableActions(before).find((a) => a.nodeId === 'primary')?.actions.find((a) => a.kind === 'switchover')).toMatchObject({ available: false });
    const req = ActionRequestSchema.parse({ clusterId: 'sb', kind: 'switchover', target: 'replica-2', maxLagBytes: 1e9, maxLagMs: 60_000 });
    const planned = await driver.planAction(req, signal());
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.value.checks.filter((c) => !c.ok && c.severity === 'blocker')).toEqual([]);
    expect(planned.value.steps.map((s) => s.id)).toEqual(['fence@primary', 'catchup@replica-2', 'promote@replica-2', 'repoint@replica-1>replica-2', 'repoint@replica-3>replica-2', 'rejoin@primary>replica-2']);
    const lastWrite = await driver.sendCommand('primary', { name: 'write', key: 'before-switchover', value: 42 });
    expect(lastWrite.ok).toBe(true);
    const result = await runPlan(planned.value, (step, sig) => driver.executeStep(planned.value, step, sig), journal(), { now: Date.now, onProgress: () => {}, signal: signal() });
    expect(result.outcome, JSON.stringify(result.plan.steps.map((s) => [s.id, s.state, s.detail]))).toBe('done');
    const after = await until((s) => role(s, 'replica-2') === 'primary' && role(s, 'primary') !== 'primary' && s.links.filter((l) => l.state === 'streaming').length === 3);
    expect(after.links.filter((l) => l.from === 'replica-2').map((l) => l.to).sort()).toEqual(['primary', 'replica-1', 'replica-3']);
    expect(await driver.sendCommand('replica-2', { name: 'read', key: 'before-switchover' })).toMatchObject({ ok: true, value: { value: 42 } });
  });

  it('fails over after the primary is killed, reporting the expected loss, and the others follow', async () => {
    await start();
    await until((s) => s.nodes.length === 4 && s.links.every((l) => l.state === 'streaming'));
    expect((await driver.injectFault({ kind: 'kill-node', nodeId: 'primary' })).ok).toBe(true);
    const down = await until((s) => s.nodes.find((n) => n.id === 'primary')?.status.kind !== 'up');
    expect(driver.availableActions(down).find((a) => a.nodeId === 'replica-1')?.actions.find((a) => a.kind === 'failover')).toMatchObject({ available: true });
    const planned = await driver.planAction(ActionRequestSchema.parse({ clusterId: 'sb', kind: 'failover', target: 'replica-1' }), signal());
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.value.expectedDataLossBytes).toBeGreaterThanOrEqual(0);
    const result = await runPlan(planned.value, (step, sig) => driver.executeStep(planned.value, step, sig), journal(), { now: Date.now, onProgress: () => {}, signal: signal() });
    expect(result.outcome).toBe('done');
    await until((s) => role(s, 'replica-1') === 'primary' && s.links.some((l) => l.from === 'replica-1' && l.to === 'replica-2' && l.state === 'streaming'));
  });

  it('moves Raft leadership to a chosen follower, and refuses primary/replica actions there', async () => {
    await start(() => createRaftSandbox());
    const before = await until((s) => s.consensus?.leaderId != null && s.nodes.length === 5);
    const leader = before.consensus!.leaderId!;
    const target = before.nodes.find((n) => n.id !== leader)!.id;
    const offered = driver.availableActions(before).find((a) => a.nodeId === target)!.actions;
    expect(offered.find((a) => a.kind === 'transfer-leadership')).toMatchObject({ available: true });
    expect(offered.find((a) => a.kind === 'switchover')).toMatchObject({ available: false, why: expect.stringContaining('no primary') });
    const planned = await driver.planAction(ActionRequestSchema.parse({ clusterId: 'sb', kind: 'transfer-leadership', target }), signal());
    if (!planned.ok) throw new Error(planned.reason);
    const result = await runPlan(planned.value, (step, sig) => driver.executeStep(planned.value, step, sig), journal(), { now: Date.now, onProgress: () => {}, signal: signal() });
    expect(result.outcome, JSON.stringify(result.plan.steps)).toBe('done');
    await until((s) => s.consensus?.leaderId === target);
  });
});
