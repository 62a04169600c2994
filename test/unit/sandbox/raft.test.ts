import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeReportSchema } from '../../../shared/agent/report';
import { createRaftSandbox, SimScheduler } from '../../../agent/sandbox';
import type { RaftCore } from '../../../agent/sandbox/raft/cluster';

const MEMBERS = ['raft-1', 'raft-2', 'raft-3', 'raft-4', 'raft-5'] as const;

/** A group with safety probes: one leader per term, one entry per applied index. */
function group(seed: number, writesPerSecond = 30, snapshotAfter = 10_000) {
  const sched = new SimScheduler();
  const leaders = new Map<number, string>();
  const applied = new Map<number, number>();
  const violations: string[] = [];
  const handle = createRaftSandbox({
    scheduler: sched,
    seed,
    writesPerSecond,
    jitterMs: 3,
    timings: { snapshotAfter },
    probe: {
      onLeader: (id, term) => {
        const other = leaders.get(term);
        if (other && other !== id) violations.push(`two leaders in term ${term}: ${other} and ${id}`);
        leaders.set(term, id);
      },
      onApply: (id, e) => {
        const other = applied.get(e.index);
        if (other !== undefined && other !== e.id) violations.push(`${id} applied entry ${e.id} at ${e.index}, another member applied ${other}`);
        applied.set(e.index, e.id);
      },
    },
  });
  return { sched, handle, core: handle.core as RaftCore, leaders, applied, violations };
}

type Action =
  | { kind: 'kill' | 'restart' | 'isolate' | 'heal'; node: number }
  | { kind: 'cut'; a: number; b: number }
  | { kind: 'kill-leader' }
  | { kind: 'wait'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constantFrom('kill' as const, 'restart' as const, 'isolate' as const, 'heal' as const), node: fc.nat({ max: 4 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), a: fc.nat({ max: 4 }), b: fc.nat({ max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('kill-leader' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 1_500 }) }) },
);

describe('raft sandbox', () => {
  it('elects at most one leader per term and never loses a committed entry (random kills and partitions)', () => {
    let elections = 0;
    let snapshots = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 8, maxLength: 24 }), fc.nat(), (actions, seed) => {
        // Small snapshots, so compaction and InstallSnapshot run under the same chaos.
        const { sched, handle, core, applied, leaders, violations } = group(seed, 30, 64);
        for (const a of actions) {
          if (a.kind === 'wait') sched.runFor(a.ms);
          else if (a.kind === 'kill-leader') {
            const leader = core.leader();
            if (leader) core.fault({ kind: 'kill-node', nodeId: leader.id });
          } else if (a.kind === 'cut') {
            if (a.a !== a.b) core.fault({ kind: 'cut-link', from: MEMBERS[a.a]!, to: MEMBERS[a.b]! });
          } else if (a.kind === 'isolate' || a.kind === 'heal') {
            core.fault({ kind: a.kind === 'isolate' ? 'cut-link' : 'heal-link', to: MEMBERS[a.node]! });
          } else {
            core.fault({ kind: a.kind === 'kill' ? 'kill-node' : 'restart-node', nodeId: MEMBERS[a.node]! });
          }
        }
        for (const id of MEMBERS) {
          if (!core.isAlive(id)) core.fault({ kind: 'restart-node', nodeId: id });
          core.fault({ kind: 'heal-link', to: id });
        }
        sched.runFor(3_000);
        core.fault({ kind: 'write-rate', writesPerSecond: 0 });
        sched.runFor(1_500);
        expect(violations).toEqual([]);
        const leader = core.leader();
        expect(leader).toBeDefined();
        // Every entry any member applied is in every member's log, at the same index.
        for (const m of core.members.values()) {
          expect(m.lastApplied).toBe(leader!.commitIndex);
          expect(Object.fromEntries(m.state)).toEqual(Object.fromEntries(leader!.state));
          for (const [index, id] of applied) {
            if (index > m.log.snapshotIndex) expect(m.log.entry(index)?.id).toBe(id);
          }
          if (m.log.snapshotIndex > 0) snapshots++;
        }
        elections += leaders.size;
        handle.dispose();
      }),
      { seed: 41, numRuns: 300 },
    );
    // The runs were adversarial: many elections, and compacted logs.
    expect(elections).toBeGreaterThan(600);
    expect(snapshots).toBeGreaterThan(150);
    // 300 seeded runs of pure CPU work: ~3 s alone, 14 s on a loaded 2-core machine. Not a speed goal.
  }, 60_000);

  it('has a new leader well within 3 s of the leader being killed', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { sched, handle, core } = group(seed, 5);
      sched.runFor(2_000);
      const old = core.leader()!;
      expect(old).toBeDefined();
      core.fault({ kind: 'kill-node', nodeId: old.id });
      const killedAt = sched.now();
      while (!core.leader() && sched.now() - killedAt < 3_000) sched.runFor(10);
      const next = core.leader();
      expect(next, `seed ${seed}`).toBeDefined();
      expect(next!.currentTerm).toBeGreaterThan(old.currentTerm);
      expect(sched.now() - killedAt).toBeLessThan(2_000);
      handle.dispose();
    }
  });

  it('transferLeadership moves the leader to the chosen member', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { sched, handle, core } = group(seed, 20);
      sched.runFor(1_500);
      const from = core.leader()!;
      const fromTerm = from.currentTerm;
      const to = MEMBERS[(MEMBERS.indexOf(from.id as (typeof MEMBERS)[number]) + 1 + (seed % 4)) % 5]!;
      const pending = handle.nodes.find((n) => n.nodeId === from.id)!.command({ name: 'transferLeadership', to });
      sched.runFor(1_000);
      expect(await pending).toMatchObject({ ok: true, value: { leader: to } });
      expect(core.leader()?.id).toBe(to);
      expect(core.leader()!.currentTerm).toBeGreaterThan(fromTerm);
      handle.dispose();
    }
  });

  it('writes go through the leader: a follower refuses with not-leader and names the leader', async () => {
    const { sched, handle, core } = group(3, 0);
    sched.runFor(1_500);
    const leader = core.leader()!;
    const follower = handle.nodes.find((n) => n.nodeId !== leader.id)!;
    const refused = await follower.command({ name: 'write', key: 'k', value: 1 });
    expect(refused).toMatchObject({ ok: false, code: 'not-leader' });
    if (!refused.ok) expect(refused.reason).toContain(`the leader is ${leader.id}`);
    expect(follower.capabilities()).not.toContain('write');
    const pending = handle.nodes.find((n) => n.nodeId === leader.id)!.command({ name: 'write', key: 'k', value: 42 });
    sched.runFor(100);
    expect(await pending).toMatchObject({ ok: true });
    sched.runFor(200);
    expect(await follower.command({ name: 'read', key: 'k' })).toMatchObject({ ok: true, value: { value: 42 } });
    const r = await follower.report();
    if (!r.ok) throw new Error(r.reason);
    expect(NodeReportSchema.safeParse(r.value).success).toBe(true);
    expect(r.value.consensus).toMatchObject({ role: 'follower', term: String(leader.currentTerm) });
    expect(r.value.links[0]).toMatchObject({ from: leader.id, state: 'streaming' });
    handle.dispose();
  });

  it('a partitioned leader cannot commit; the majority side elects a new one', async () => {
    const { sched, handle, core } = group(8, 0);
    sched.runFor(1_500);
    const old = core.leader()!;
    core.fault({ kind: 'cut-link', to: old.id });
    const pending = handle.nodes.find((n) => n.nodeId === old.id)!.command({ name: 'write', key: 'lost', value: 1 });
    sched.runFor(2_500);
    expect(await pending).toMatchObject({ ok: false });
    const next = core.leader()!;
    expect(next.id).not.toBe(old.id);
    core.fault({ kind: 'heal-link', to: old.id });
    sched.runFor(1_000);
    expect(core.member(old.id)!.role).toBe('follower');
    expect(core.member(old.id)!.state.has('lost')).toBe(false);
    handle.dispose();
  });
});
