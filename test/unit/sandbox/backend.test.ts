import { describe, expect, it } from 'vitest';
import { AgentEventSchema, type AgentEvent } from '../../../shared/agent/events';
import { NodeReportSchema } from '../../../shared/agent/report';
import type { SandboxCluster } from '../../../agent/backend';
import { createMultiPrimarySandbox, createPrimaryReplicaSandbox, createRaftSandbox, SimScheduler } from '../../../agent/sandbox';
import type { SandboxHandle } from '../../../agent/sandbox/common/backend';

const factories: [string, (s: SimScheduler) => SandboxHandle][] = [
  ['primary-replica', (scheduler) => createPrimaryReplicaSandbox({ scheduler, seed: 1 })],
  ['multi-primary', (scheduler) => createMultiPrimarySandbox({ scheduler, seed: 1, conflictEveryMs: [1_000, 2_000] })],
  ['consensus', (scheduler) => createRaftSandbox({ scheduler, seed: 1 })],
];

describe.each(factories)('%s sandbox as NodeBackends', (kind, create) => {
  it('reports valid NodeReports and events, kills and restarts nodes through a sibling', async () => {
    const sched = new SimScheduler();
    const cluster: SandboxCluster = create(sched);
    expect(cluster.kind).toBe(kind);
    const received = new Map<string, AgentEvent[]>();
    for (const n of cluster.nodes) {
      received.set(n.nodeId, []);
      n.onEvent((e) => received.get(n.nodeId)!.push(e));
    }
    sched.runFor(5_000);
    for (const n of cluster.nodes) {
      expect(n.engine).toBe('sandbox');
      const r = await n.report();
      if (!r.ok) throw new Error(r.reason);
      const parsed = NodeReportSchema.safeParse(r.value);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(r.value.clusterKind).toBe(kind);
      expect(r.value.node).toMatchObject({ id: n.nodeId, version: 'sandbox-1' });
      for (const link of r.value.links) expect(link.to).toBe(n.nodeId);
      expect(n.capabilities()).toContain('fault');
    }

    const [victim, sibling] = [cluster.nodes[1]!, cluster.nodes[2]!];
    expect((await victim.command({ name: 'fault', fault: { kind: 'kill-node', nodeId: victim.nodeId } })).ok).toBe(true);
    expect(victim.isAlive()).toBe(false);
    expect(await victim.report()).toMatchObject({ ok: false, code: 'node-down' });
    expect(victim.capabilities()).toEqual([]);
    expect(await victim.command({ name: 'read', key: 'x' })).toMatchObject({ ok: false, code: 'node-down' });
    // The node-down event comes from a live node, not from the dead one.
    const downFrom = [...received].filter(([, es]) => es.some((e) => e.kind === 'node-down')).map(([id]) => id);
    expect(downFrom).toHaveLength(1);
    expect(downFrom[0]).not.toBe(victim.nodeId);
    sched.runFor(1_000);
    expect((await sibling.command({ name: 'fault', fault: { kind: 'restart-node', nodeId: victim.nodeId } })).ok).toBe(true);
    expect(victim.isAlive()).toBe(true);
    sched.runFor(2_000);
    expect((await victim.report()).ok).toBe(true);

    const bad = await sibling.command({ name: 'fault', fault: { kind: 'kill-node', nodeId: 'nope' } });
    expect(bad).toMatchObject({ ok: false, code: 'unknown-node' });
    for (const es of received.values()) for (const e of es) expect(AgentEventSchema.safeParse(e).success).toBe(true);

    await cluster.dispose();
    expect(sched.pending).toBe(0);
    expect(cluster.nodes[0]!.isAlive()).toBe(false);
    expect(await cluster.nodes[0]!.report()).toMatchObject({ ok: false, code: 'disposed' });
  });
});

describe('real-time runtime', () => {
  it('elects a Raft leader on the wall clock and stops every timer on dispose', async () => {
    const cluster = createRaftSandbox({ seed: 5 });
    const started = Date.now();
    let leader: string | null = null;
    while (!leader && Date.now() - started < 3_000) {
      await new Promise((r) => setTimeout(r, 50));
      for (const n of cluster.nodes) {
        const r = await n.report();
        if (r.ok && r.value.consensus?.role === 'leader') leader = n.nodeId;
      }
    }
    expect(leader).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
    await cluster.dispose();
    expect(cluster.runtime.sched.pending).toBe(0);
    const before = cluster.runtime.sched.now();
    await new Promise((r) => setTimeout(r, 60));
    expect(cluster.runtime.sched.now()).toBe(before);
  });

  it('disposing every node disposes the cluster', async () => {
    const cluster = createPrimaryReplicaSandbox({ seed: 2 });
    for (const n of cluster.nodes) await n.dispose();
    expect(cluster.runtime.sched.pending).toBe(0);
  });
});
