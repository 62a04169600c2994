import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeReportSchema, type NodeReport } from '../../../shared/agent/report';
import { createPrimaryReplicaSandbox, SimScheduler } from '../../../agent/sandbox';
import type { PrimaryReplicaCore } from '../../../agent/sandbox/log-shipping/cluster';
import type { SandboxHandle } from '../../../agent/sandbox/common/backend';

const REPLICAS = ['replica-1', 'replica-2', 'replica-3'] as const;

function sandbox(seed: number, writesPerSecond = 50) {
  const sched = new SimScheduler();
  const handle = createPrimaryReplicaSandbox({ scheduler: sched, seed, writesPerSecond });
  return { sched, handle, core: handle.core as PrimaryReplicaCore };
}

async function report(handle: SandboxHandle, id: string): Promise<NodeReport> {
  const r = await handle.nodes.find((n) => n.nodeId === id)!.report();
  if (!r.ok) throw new Error(r.reason);
  expect(NodeReportSchema.safeParse(r.value).success).toBe(true);
  return r.value;
}

type Action =
  | { kind: 'slow'; to: number; delayMs: number; bandwidth: number | null }
  | { kind: 'cut' | 'heal' | 'kill' | 'restart'; to: number }
  | { kind: 'wait'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('slow' as const),
    to: fc.nat({ max: 2 }),
    delayMs: fc.integer({ min: 0, max: 400 }),
    bandwidth: fc.option(fc.integer({ min: 500, max: 20_000 })),
  }),
  fc.record({ kind: fc.constantFrom('cut' as const, 'heal' as const, 'kill' as const, 'restart' as const), to: fc.nat({ max: 2 }) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 500 }) }),
);

describe('log shipping sandbox', () => {
  it('replicas apply in order and equal the primary once links heal', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 30 }), fc.nat(), (actions, seed) => {
        const { sched, handle, core } = sandbox(seed);
        core.commitWrite(core.node('primary')!, 'first', { n: 1 });
        for (const a of actions) {
          if (a.kind === 'wait') sched.runFor(a.ms);
          else if (a.kind === 'slow') core.fault({ kind: 'slow-link', to: REPLICAS[a.to]!, delayMs: a.delayMs, bandwidthBytesPerSec: a.bandwidth });
          else if (a.kind === 'cut' || a.kind === 'heal') core.fault({ kind: `${a.kind}-link`, to: REPLICAS[a.to]! });
          else core.fault({ kind: a.kind === 'kill' ? 'kill-node' : 'restart-node', nodeId: REPLICAS[a.to]! });
        }
        core.fault({ kind: 'write-rate', writesPerSecond: 0 });
        for (const id of REPLICAS) {
          if (!core.isAlive(id)) core.fault({ kind: 'restart-node', nodeId: id });
          core.fault({ kind: 'heal-link', to: id });
        }
        sched.runFor(3_000);
        const primary = core.node('primary')!;
        expect(primary.wal.endPos).toBeGreaterThan(0x300_0028);
        for (const id of REPLICAS) {
          const r = core.node(id)!;
          expect(r.pipeline.refused).toBe(0);
          expect(r.pipeline.replayPos).toBe(primary.wal.endPos);
          expect(r.wal.last()?.id).toBe(primary.wal.last()?.id);
          expect(Object.fromEntries(r.data)).toEqual(Object.fromEntries(primary.data));
        }
        handle.dispose();
      }),
      { seed: 31, numRuns: 120 },
    );
  });

  it('lag grows on a slowed link and returns to 0 after heal; an idle primary shows no time lag', async () => {
    const { sched, handle } = sandbox(4, 20);
    sched.runFor(1_000);
    await handle.nodes[0]!.command({ name: 'fault', fault: { kind: 'slow-link', to: 'replica-2', delayMs: 800, bandwidthBytesPerSec: 400 } });
    sched.runFor(2_000);
    const early = (await report(handle, 'replica-2')).links[0]!;
    sched.runFor(3_000);
    const later = (await report(handle, 'replica-2')).links[0]!;
    expect(later.from).toBe('primary');
    expect(later.lag.bytes.replay!).toBeGreaterThan(early.lag.bytes.replay!);
    expect(later.lag.ms.replay!).toBeGreaterThan(early.lag.ms.replay!);
    expect(later.lag.bytes.sent!).toBeGreaterThan(0);
    expect(later.lag.bytes.sent!).toBeLessThanOrEqual(later.lag.bytes.write!);
    // replica-1 is not slowed and stays close.
    expect((await report(handle, 'replica-1')).links[0]!.lag.ms.replay!).toBeLessThan(100);
    await handle.nodes[0]!.command({ name: 'fault', fault: { kind: 'write-rate', writesPerSecond: 0 } });
    await handle.nodes[0]!.command({ name: 'fault', fault: { kind: 'heal-link', to: 'replica-2' } });
    sched.runFor(2_000);
    for (const id of REPLICAS) {
      const lag = (await report(handle, id)).links[0]!.lag;
      expect(lag.bytes).toEqual({ sent: 0, write: 0, flush: 0, replay: 0 });
      expect(lag.ms).toEqual({ write: 0, flush: 0, replay: 0 });
    }
    sched.runFor(60_000); // idle: time lag must not grow
    expect((await report(handle, 'replica-3')).links[0]!.lag.ms.replay).toBe(0);
    handle.dispose();
  });

  it('refuses writes on replicas and fenced primaries with a clear reason', async () => {
    const { handle } = sandbox(5);
    const [primary, replica] = [handle.nodes[0]!, handle.nodes[2]!];
    expect(await replica.command({ name: 'write', key: 'a', value: 1 })).toMatchObject({ ok: false, code: 'read-only' });
    const r = await replica.command({ name: 'write', key: 'a', value: 1 });
    if (!r.ok) expect(r.reason).toContain('writes go to the primary (primary)');
    expect((await primary.command({ name: 'fence' })).ok).toBe(true);
    expect(primary.capabilities()).toContain('unfence');
    const fenced = await primary.command({ name: 'write', key: 'a', value: 1 });
    expect(fenced).toMatchObject({ ok: false, code: 'read-only' });
    if (!fenced.ok) expect(fenced.reason).toContain('fenced');
    expect((await report(handle, 'primary')).node.readOnly).toBe(true);
    await primary.command({ name: 'unfence' });
    expect(await primary.command({ name: 'write', key: 'a', value: 1 })).toMatchObject({ ok: true });
    expect(await replica.command({ name: 'promote' })).toMatchObject({ ok: true });
    expect(await replica.command({ name: 'promote' })).toMatchObject({ ok: false, code: 'not-a-replica' });
    expect(await handle.nodes[1]!.command({ name: 'transferLeadership', to: 'x' })).toMatchObject({ ok: false, code: 'unsupported' });
    handle.dispose();
  });

  it('fails over: promote, repoint (refused history is reported), rejoin rewinds divergent WAL', async () => {
    const { sched, handle, core } = sandbox(6, 20);
    const events: string[] = [];
    core.events.tap((e) => events.push(`${e.kind}:${e.nodeId}`));
    const node = (id: string) => handle.nodes.find((n) => n.nodeId === id)!;
    sched.runFor(1_000);
    await node('primary').command({ name: 'fault', fault: { kind: 'cut-link', to: 'replica-1' } });
    sched.runFor(1_000); // replica-1 misses a second of writes that replica-2 gets
    expect((await report(handle, 'replica-1')).node.status.kind).toBe('degraded');
    await node('replica-2').command({ name: 'fault', fault: { kind: 'kill-node', nodeId: 'primary' } });
    expect(await node('primary').report()).toMatchObject({ ok: false, code: 'node-down' });
    expect(node('primary').isAlive()).toBe(false);
    const promoted = await node('replica-1').command({ name: 'promote' });
    expect(promoted).toMatchObject({ ok: true, value: { timeline: 2 } });
    expect(node('replica-1').capabilities()).toContain('write');

    const repointed = await node('replica-2').command({ name: 'repoint', upstream: 'replica-1' });
    expect(repointed).toMatchObject({ ok: true, value: { state: 'broken' } });
    const r2 = await report(handle, 'replica-2');
    expect(r2.node.status).toMatchObject({ kind: 'degraded' });
    if (r2.node.status.kind === 'degraded') expect(r2.node.status.reason).toContain('rejoin replica-2');
    expect(await node('replica-2').command({ name: 'repoint', upstream: 'replica-2' })).toMatchObject({ ok: false, code: 'invalid-upstream' });

    const rejoined = await node('replica-2').command({ name: 'rejoin', upstream: 'replica-1' });
    expect(rejoined).toMatchObject({ ok: true });
    if (rejoined.ok) expect((rejoined.value as { rewoundBytes: number }).rewoundBytes).toBeGreaterThan(0);

    await node('replica-3').command({ name: 'fault', fault: { kind: 'restart-node', nodeId: 'primary' } });
    sched.runFor(100);
    expect(events).toContain('split-brain:primary');
    const oldPrimary = await node('primary').command({ name: 'rejoin', upstream: 'replica-1' });
    expect(oldPrimary).toMatchObject({ ok: true, value: { timeline: 2 } });
    if (oldPrimary.ok) expect((oldPrimary.value as { rewoundBytes: number }).rewoundBytes).toBeGreaterThan(0);

    sched.runFor(2_000);
    await node('replica-1').command({ name: 'fault', fault: { kind: 'write-rate', writesPerSecond: 0 } });
    sched.runFor(1_000);
    const leader = core.node('replica-1')!;
    for (const id of ['primary', 'replica-2', 'replica-3']) {
      const r = await report(handle, id);
      expect(r.node.role).toBe('replica');
      expect(r.node.timeline).toBe(2);
      expect(r.links[0]).toMatchObject({ from: 'replica-1', state: 'streaming' });
      expect(Object.fromEntries(core.node(id)!.data)).toEqual(Object.fromEntries(leader.data));
    }
    expect(events).toEqual(expect.arrayContaining(['node-down:primary', 'role-change:replica-1', 'role-change:replica-3', 'link-broken:replica-2']));
    handle.dispose();
  });
});
