import { expect } from 'vitest';
import { createMultiPrimarySandbox, SimScheduler } from '../../../agent/sandbox';
import type { MultiPrimaryCore } from '../../../agent/sandbox/multi-primary/cluster';
import { formatVector } from '../../../agent/sandbox/multi-primary/version-vector';
import { versionId } from '../../../agent/sandbox/multi-primary/version';
import { viewOf } from '../../../agent/sandbox/multi-primary/workload';
import type { AgentCommand } from '../../../shared/agent/commands';
import type { AgentEvent } from '../../../shared/agent/events';
import { canonical } from '../../../electron/core/conflicts/convergence';

/** The multi-primary sandbox on a test-owned clock, with no background writes and every event kept. */
export const PEERS = ['peer-1', 'peer-2', 'peer-3'] as const;

export function quietMultiPrimary(seed: number) {
  const sched = new SimScheduler();
  const sandbox = createMultiPrimarySandbox({ scheduler: sched, seed, writesPerSecond: 0, conflictEveryMs: null });
  const core = sandbox.core as MultiPrimaryCore;
  const events: AgentEvent[] = [];
  core.events.tap((e) => events.push(e));
  const node = (peer: string) => sandbox.nodes.find((n) => n.nodeId === peer)!;
  /** A command sent to one peer's backend, as its agent would. */
  const command = (peer: string, cmd: AgentCommand) => node(peer).command(cmd);
  return { sched, sandbox, core, events, command };
}

/** What one peer holds for a key: each sibling's id, vector and value, and the value it reads. */
export function peerState(core: MultiPrimaryCore, peer: string, key: string): string {
  const p = core.peer(peer)!;
  const siblings = p.store.siblings(key).map((v) => `${versionId(v)} ${formatVector(v.vv)} ${canonical(v.value)}`);
  return JSON.stringify({ siblings: [...siblings].sort(), reads: canonical(viewOf(core, p, key)) });
}

export function allKeys(core: MultiPrimaryCore): string[] {
  return [...new Set(PEERS.flatMap((id) => core.peer(id)!.store.keyNames()))].sort();
}

/** Every peer holds the same versions (ids, vectors, values) and reads the same value, for every key. */
export function expectConverged(core: MultiPrimaryCore): void {
  for (const key of allKeys(core)) {
    const states = PEERS.map((id) => peerState(core, id, key));
    expect(states, `peers disagree on ${key}`).toEqual([states[0], states[0], states[0]]);
  }
}

/** What every peer reads for `key` (asserted equal first). */
export function readEverywhere(core: MultiPrimaryCore, key: string): unknown {
  const views = PEERS.map((id) => viewOf(core, core.peer(id)!, key));
  for (const v of views) expect(canonical(v)).toBe(canonical(views[0]));
  return views[0];
}

/** Cuts peer a from peer b both ways, or heals it. */
export function link(core: MultiPrimaryCore, kind: 'cut-link' | 'heal-link', a: string, b: string): void {
  const r = core.fault({ kind, from: a, to: b });
  expect(r.ok).toBe(true);
}
