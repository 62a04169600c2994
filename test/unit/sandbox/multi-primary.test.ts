import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentEventSchema } from '../../../shared/agent/events';
import { NodeReportSchema } from '../../../shared/agent/report';
import type { AgentEvent } from '../../../shared/agent/events';
import { createMultiPrimarySandbox, SimScheduler } from '../../../agent/sandbox';
import type { MultiPrimaryCore } from '../../../agent/sandbox/multi-primary/cluster';
import { viewOf } from '../../../agent/sandbox/multi-primary/workload';

const PEERS = ['peer-1', 'peer-2', 'peer-3'] as const;

function quietSandbox(seed: number) {
  const sched = new SimScheduler();
  const sandbox = createMultiPrimarySandbox({ scheduler: sched, seed, writesPerSecond: 0, conflictEveryMs: null });
  const core = sandbox.core as MultiPrimaryCore;
  const events: AgentEvent[] = [];
  core.events.tap((e) => events.push(e));
  return { sched, sandbox, core, events };
}

type Action =
  | { kind: 'write'; peer: number; key: number }
  | { kind: 'cut' | 'heal'; a: number; b: number }
  | { kind: 'kill' | 'restart'; peer: number }
  | { kind: 'wait'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), peer: fc.nat({ max: 2 }), key: fc.nat({ max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('cut' as const, 'heal' as const), a: fc.nat({ max: 2 }), b: fc.nat({ max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('kill' as const, 'restart' as const), peer: fc.nat({ max: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 120 }) }) },
);

function play(core: MultiPrimaryCore, sched: SimScheduler, actions: Action[]): void {
  actions.forEach((a, i) => {
    switch (a.kind) {
      case 'write': {
        const peer = core.peer(PEERS[a.peer]!)!;
        if (peer.alive) core.write(peer, `k${a.key}`, { n: i, by: peer.id, tags: [`t${i % 3}`] });
        break;
      }
      case 'cut':
      case 'heal':
        if (a.a !== a.b) core.fault({ kind: a.kind === 'cut' ? 'cut-link' : 'heal-link', from: PEERS[a.a]!, to: PEERS[a.b]! });
        break;
      case 'kill':
      case 'restart':
        core.fault({ kind: a.kind === 'kill' ? 'kill-node' : 'restart-node', nodeId: PEERS[a.peer]! });
        break;
      case 'wait':
        sched.runFor(a.ms);
        break;
    }
  });
  // Heal everything and let replication finish.
  for (const id of PEERS) {
    if (!core.isAlive(id)) core.fault({ kind: 'restart-node', nodeId: id });
    core.fault({ kind: 'heal-link', to: id });
  }
  sched.runFor(2_000);
}

function converged(core: MultiPrimaryCore): boolean {
  const digests = PEERS.map((id) => JSON.stringify(core.peer(id)!.store.digest()));
  return digests.every((d) => d === digests[0]);
}

describe('multi-primary sandbox', () => {
  it('converges after any interleaving of writes, partitions and heals once conflicts are resolved (manual)', async () => {
    let resolvedTotal = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 40 }), fc.nat(), async (actions, seed) => {
        const { sched, sandbox, core, events } = quietSandbox(seed);
        play(core, sched, actions);
        expect(converged(core)).toBe(true);
        for (let round = 0; round < 5 && core.conflicts.open().length > 0; round++) {
          for (const rec of core.conflicts.open()) {
            const node = sandbox.nodes[rec.versions.length % 3]!;
            const res = await node.command({ name: 'resolveConflict', conflictId: rec.id, value: rec.versions[0]!.value, how: 'kept the first version' });
            expect(res.ok).toBe(true);
            resolvedTotal++;
          }
          sched.runFor(1_000);
        }
        expect(core.conflicts.open()).toEqual([]);
        expect(converged(core)).toBe(true);
        for (const id of PEERS) expect(core.peer(id)!.store.conflictedKeys()).toEqual([]);
        for (const e of events) expect(AgentEventSchema.safeParse(e).success).toBe(true);
        sandbox.dispose();
      }),
      { seed: 11, numRuns: 120 },
    );
    // The property is only meaningful if the runs really produced conflicts.
    expect(resolvedTotal).toBeGreaterThan(60);
  });

  it('converges to the same value on every peer under last-writer-wins, with no conflict left open', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 40 }), fc.nat(), async (actions, seed) => {
        const { sched, sandbox, core } = quietSandbox(seed);
        expect((await sandbox.nodes[0]!.command({ name: 'setConflictPolicy', policy: 'last-writer-wins' })).ok).toBe(true);
        play(core, sched, actions);
        expect(converged(core)).toBe(true);
        expect(core.conflicts.open()).toEqual([]);
        for (const key of core.peer('peer-1')!.store.keyNames()) {
          const views = PEERS.map((id) => JSON.stringify(viewOf(core, core.peer(id)!, key)));
          expect(new Set(views).size).toBe(1);
        }
        sandbox.dispose();
      }),
      { seed: 12, numRuns: 80 },
    );
  });

  it('flags a same-key fault as one conflict, with both versions, vectors, times and origins', async () => {
    const { sched, sandbox, core, events } = quietSandbox(5);
    const res = await sandbox.nodes[0]!.command({ name: 'fault', fault: { kind: 'same-key', nodeIds: ['peer-1', 'peer-3'], key: 'item-007' } });
    expect(res.ok).toBe(true);
    sched.runFor(500);
    const detected = events.filter((e) => e.kind === 'conflict-detected');
    expect(detected).toHaveLength(1);
    const c = detected[0]!.conflict!;
    expect(c.status).toBe('open');
    expect(c.target).toEqual({ table: 'items', key: 'item-007' });
    expect(c.versions.map((v) => v.origin).sort()).toEqual(['peer-1', 'peer-3']);
    expect(c.versions.every((v) => v.versionVector && v.committedAt > 0 && v.value !== undefined)).toBe(true);
    expect(c.suggestion?.policy).toBe('last-writer-wins');
    // Writes to a key with an open conflict are refused until it is resolved.
    const refused = await sandbox.nodes[1]!.command({ name: 'write', key: 'item-007', value: { qty: 1 } });
    expect(refused).toMatchObject({ ok: false, code: 'conflict-open' });
    const resolved = await sandbox.nodes[1]!.command({ name: 'resolveConflict', conflictId: c.id, value: { qty: 9 }, how: 'manual merge' });
    expect(resolved.ok).toBe(true);
    sched.runFor(500);
    for (const id of PEERS) expect(viewOf(core, core.peer(id)!, 'item-007')).toEqual({ qty: 9 });
    const again = await sandbox.nodes[2]!.command({ name: 'resolveConflict', conflictId: c.id, value: 1, how: 'x' });
    expect(again).toMatchObject({ ok: false, code: 'conflict-resolved' });
    const last = events.filter((e) => e.conflict?.id === c.id).at(-1)!;
    expect(last.conflict).toMatchObject({ status: 'resolved', resolution: { by: 'peer-2', how: 'manual merge', value: { qty: 9 } } });
    sandbox.dispose();
  });

  it('reports every peer with incoming links whose lag grows on a slow link and returns to 0 after heal', async () => {
    const sched = new SimScheduler();
    const sandbox = createMultiPrimarySandbox({ scheduler: sched, seed: 9, writesPerSecond: 20, conflictEveryMs: null });
    sched.runFor(2_000);
    await sandbox.nodes[0]!.command({ name: 'fault', fault: { kind: 'slow-link', from: 'peer-1', to: 'peer-2', delayMs: 2_000, bandwidthBytesPerSec: null } });
    sched.runFor(3_000);
    const slow = await sandbox.nodes[1]!.report();
    if (!slow.ok) throw new Error(slow.reason);
    expect(NodeReportSchema.safeParse(slow.value).success).toBe(true);
    const link = slow.value.links.find((l) => l.from === 'peer-1')!;
    expect(link.lag.bytes.replay).toBeGreaterThan(0);
    expect(link.lag.ms.replay).toBeGreaterThan(1_000);
    await sandbox.nodes[0]!.command({ name: 'fault', fault: { kind: 'write-rate', writesPerSecond: 0 } });
    await sandbox.nodes[0]!.command({ name: 'fault', fault: { kind: 'heal-link', from: 'peer-1', to: 'peer-2' } });
    sched.runFor(3_000);
    for (const node of sandbox.nodes) {
      const r = await node.report();
      if (!r.ok) throw new Error(r.reason);
      for (const l of r.value.links) expect([l.lag.bytes.replay, l.lag.ms.replay]).toEqual([0, 0]);
    }
    sandbox.dispose();
  });
});
