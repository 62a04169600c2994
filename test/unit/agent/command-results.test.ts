import { describe, expect, it } from 'vitest';
import type { NodeBackend } from '../../../agent/backend';
import { createMultiPrimarySandbox, createPrimaryReplicaSandbox, createRaftSandbox, SimScheduler } from '../../../agent/sandbox';
import type { RaftCore } from '../../../agent/sandbox/raft/cluster';
import type { MultiPrimaryCore } from '../../../agent/sandbox/multi-primary/cluster';
import type { AgentCommand } from '../../../shared/agent/commands';
import { CommandResultValueSchemas } from '../../../shared/agent/results';

/**
 * The document's `CommandResultValues` match what the reference agents really
 * answer: every command of every sandbox engine, run once, its value checked.
 */
const checked = new Set<string>();

async function expectDocumented(node: NodeBackend, cmd: AgentCommand, drive?: () => void): Promise<unknown> {
  const pending = node.command(cmd);
  drive?.();
  const r = await pending;
  expect(r, `${cmd.name} on ${node.nodeId}`).toMatchObject({ ok: true });
  const value = r.ok ? JSON.parse(JSON.stringify(r.value ?? null)) : null;
  const parsed = CommandResultValueSchemas[cmd.name].safeParse(value);
  expect(parsed.success, `${cmd.name}: ${JSON.stringify(value)} ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  checked.add(cmd.name);
  return value;
}

describe('command result values, as docs/agent-protocol.schema.json describes them', () => {
  it('log shipping: write, read, fence, unfence, promote, repoint, rejoin, fault', async () => {
    const sched = new SimScheduler();
    const h = createPrimaryReplicaSandbox({ scheduler: sched, seed: 4, writesPerSecond: 5 });
    const node = (id: string) => h.nodes.find((n) => n.nodeId === id)!;
    sched.runFor(500);
    await expectDocumented(node('primary'), { name: 'write', key: 'k', value: { a: 1 } });
    await expectDocumented(node('replica-1'), { name: 'read', key: 'k' });
    await expectDocumented(node('primary'), { name: 'fence' });
    await expectDocumented(node('primary'), { name: 'unfence' });
    await expectDocumented(node('replica-1'), { name: 'promote' });
    await expectDocumented(node('replica-2'), { name: 'repoint', upstream: 'replica-1' });
    await expectDocumented(node('primary'), { name: 'rejoin', upstream: 'replica-1' });
    await expectDocumented(node('primary'), { name: 'fault', fault: { kind: 'slow-link', to: 'replica-2', delayMs: 10, bandwidthBytesPerSec: null } });
    h.dispose();
  });

  it('multi-primary: write, read, setConflictPolicy, resolveConflict', async () => {
    const sched = new SimScheduler();
    const h = createMultiPrimarySandbox({ scheduler: sched, seed: 5, writesPerSecond: 0 });
    const [a, b] = [h.nodes[0]!, h.nodes[1]!];
    await expectDocumented(a, { name: 'write', key: 'k', value: 1 });
    await expectDocumented(b, { name: 'read', key: 'k' });
    await expectDocumented(a, { name: 'setConflictPolicy', policy: 'manual' });
    await expectDocumented(a, { name: 'fault', fault: { kind: 'same-key', nodeIds: [a.nodeId, b.nodeId], key: 'dup' } });
    sched.runFor(2_000);
    const open = (h.core as MultiPrimaryCore).conflicts.open();
    expect(open.length).toBeGreaterThan(0);
    await expectDocumented(b, { name: 'resolveConflict', conflictId: open[0]!.id, value: 'kept', how: 'test' });
    await expectDocumented(a, { name: 'fault', fault: { kind: 'same-key', nodeIds: [a.nodeId, b.nodeId], key: 'dup2' } });
    sched.runFor(2_000);
    const next = (h.core as MultiPrimaryCore).conflicts.open()[0]!;
    const batch = (await expectDocumented(b, { name: 'resolveConflicts', items: [{ conflictId: next.id, value: 'kept', how: 'test' }, { conflictId: 'nope', value: 1, how: 'test' }] })) as { results: { ok: boolean }[] };
    expect(batch.results.map((r) => r.ok)).toEqual([true, false]);
    const read = (await expectDocumented(a, { name: 'readKeys', keys: ['dup', 'dup2'] })) as { readings: { key: string }[] };
    expect(read.readings.map((r) => r.key)).toEqual(['dup', 'dup2']);
    h.dispose();
  });

  it('raft: write, read, transferLeadership', async () => {
    const sched = new SimScheduler();
    const h = createRaftSandbox({ scheduler: sched, seed: 6, writesPerSecond: 0 });
    sched.runFor(1_500);
    const core = h.core as RaftCore;
    const leader = h.nodes.find((n) => n.nodeId === core.leader()!.id)!;
    const other = h.nodes.find((n) => n !== leader)!;
    await expectDocumented(leader, { name: 'write', key: 'k', value: 1 }, () => sched.runFor(1_000));
    await expectDocumented(other, { name: 'read', key: 'k' });
    await expectDocumented(leader, { name: 'transferLeadership', to: other.nodeId }, () => sched.runFor(1_000));
    h.dispose();
  });

  it('covered every engine command (not the host commands: they need a PostgreSQL host; their values are strings and ControlDataSchema)', () => {
    expect([...checked].sort()).toEqual(['fault', 'fence', 'promote', 'read', 'readKeys', 'rejoin', 'repoint', 'resolveConflict', 'resolveConflicts', 'setConflictPolicy', 'transferLeadership', 'unfence', 'write']);
  });
});
