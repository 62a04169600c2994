import { describe, expect, it } from 'vitest';
import { createPrimaryReplicaSandbox, SimScheduler } from '../../../agent/sandbox';
import { planAgentAction } from '../../../electron/drivers/agent/actions/plan';
import { ActionRequestSchema } from '../../../shared/model/action';
import type { ClusterSample } from '../../../shared/model/sample';

/**
 * An agent announces its commands once, in its welcome. The log-shipping
 * sandbox used to announce what the node's role allowed at connect time, so
 * after a promotion the list was stale and the plan's capability check would
 * block a switchover back (or the rejoin of the old primary).
 */
describe('log-shipping sandbox: announced capabilities', () => {
  it('are the same for every live node, whatever its role, and survive a promotion', async () => {
    const sched = new SimScheduler();
    const handle = createPrimaryReplicaSandbox({ scheduler: sched, seed: 3, writesPerSecond: 10 });
    try {
      sched.runFor(500);
      const welcome = new Map(handle.nodes.map((n) => [n.nodeId, n.capabilities()]));
      for (const caps of welcome.values()) expect([...caps].sort()).toEqual(['fault', 'fence', 'promote', 'read', 'rejoin', 'repoint', 'unfence', 'write']);
      // Plan a switchover to replica-1 with the capabilities announced at connect: every agent check passes.
      const reports = await Promise.all(handle.nodes.map(async (n) => n.report()));
      const sample: ClusterSample = {
        clusterId: 'sb', takenAt: 0, durationMs: 0, slots: [], consensus: null, queriesPerNode: 1, warnings: [],
        nodes: reports.map((r) => (r.ok ? r.value.node : null)).filter((n) => n !== null),
        links: reports.flatMap((r) => (r.ok ? r.value.links : [])),
      };
      const agents = (id: string) => ({ url: `sandbox://${id}`, engine: 'sandbox', agentVersion: 't', capabilities: welcome.get(id) ?? [] });
      const req = ActionRequestSchema.parse({ clusterId: 'sb', kind: 'switchover', target: 'replica-1', maxLagBytes: 1e9, maxLagMs: 1e9 });
      const plan = planAgentAction(req, sample, 0, agents);
      expect(plan.ok && plan.value.checks.filter((c) => c.id.startsWith('agent:') && !c.ok)).toEqual([]);
      // A command that makes no sense for the role is refused by the node, with its reason.
      const replica = handle.nodes.find((n) => n.nodeId === 'replica-2')!;
      expect(await replica.command({ name: 'fence' })).toMatchObject({ ok: false, code: 'not-a-primary' });
      expect(await handle.nodes.find((n) => n.nodeId === 'replica-1')!.command({ name: 'promote' })).toMatchObject({ ok: true });
      expect([...handle.nodes.find((n) => n.nodeId === 'primary')!.capabilities()].sort()).toEqual([...welcome.get('primary')!].sort());
    } finally {
      handle.dispose();
    }
  });
});
