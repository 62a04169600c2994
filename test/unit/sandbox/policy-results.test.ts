import { describe, expect, it } from 'vitest';
import type { ConflictPolicy } from '../../../shared/model/conflict';
import { PEERS, expectConverged, link, quietMultiPrimary, readEverywhere } from './mp-harness';

/**
 * The results agent/sandbox/README.md ("Conflict policies") and the handbook
 * promise, produced by the running engine: writes on partitioned peers at
 * chosen commit times, healed, then the policy switched on through a peer's
 * command, and the value every peer reads afterwards.
 */
type Write = { peer: string; at: number; value: unknown };

function scenario(seed = 1) {
  const h = quietMultiPrimary(seed);
  const t0 = h.sched.now();
  const write = async (peer: string, key: string, value: unknown) => expect((await h.command(peer, { name: 'write', key, value })).ok).toBe(true);
  const cutAll = () => PEERS.forEach((a, i) => PEERS.slice(i + 1).forEach((b) => link(h.core, 'cut-link', a, b)));
  const healAll = () => PEERS.forEach((a, i) => PEERS.slice(i + 1).forEach((b) => link(h.core, 'heal-link', a, b)));
  return {
    ...h,
    write,
    /** `base` written on peer-1 and delivered; then each write on its peer at t0 + at ms, all partitioned; then healed and delivered. */
    async concurrent(key: string, base: unknown, writes: Write[]) {
      if (base !== undefined) await write('peer-1', key, base);
      this.sched.runFor(500);
      cutAll();
      for (const w of [...writes].sort((a, b) => a.at - b.at)) {
        this.sched.advanceTo(t0 + w.at);
        await write(w.peer, key, w.value);
      }
      healAll();
      this.sched.runFor(1_000);
    },
    async switchOn(policy: ConflictPolicy, rule?: unknown) {
      const r = await h.command('peer-2', rule === undefined ? { name: 'setConflictPolicy', policy } : { name: 'setConflictPolicy', policy, rule });
      expect(r.ok).toBe(true);
      this.sched.runFor(200);
      expectConverged(h.core);
    },
  };
}

describe('last writer wins (commit time, ties to the greater node id)', () => {
  it('keeps the latest commit, whichever node wrote it', async () => {
    const s = scenario();
    await s.concurrent('a', { v: 0 }, [
      { peer: 'peer-3', at: 2_000, value: { v: 3 } },
      { peer: 'peer-1', at: 2_500, value: { v: 1 } },
    ]);
    await s.switchOn('last-writer-wins');
    expect(readEverywhere(s.core, 'a')).toEqual({ v: 1 });
    const settled = s.events.filter((e) => e.conflict?.target.key === 'a').at(-1)!.conflict!;
    expect(settled).toMatchObject({ status: 'resolved', resolution: { by: 'policy:last-writer-wins', value: { v: 1 } } });
  });

  it('breaks a tie by the greater node id (peer-3 beats peer-2)', async () => {
    const s = scenario();
    await s.concurrent('t', { v: 0 }, [
      { peer: 'peer-3', at: 2_000, value: { v: 3 } },
      { peer: 'peer-2', at: 2_000, value: { v: 2 } },
      { peer: 'peer-1', at: 1_500, value: { v: 1 } },
    ]);
    await s.switchOn('last-writer-wins');
    expect(readEverywhere(s.core, 't')).toEqual({ v: 3 });
  });
});

describe('field rules', () => {
  it('turns the README example into {qty:9, price:7, tags:[a,b,c], note:three}', async () => {
    const s = scenario();
    await s.concurrent('item', { qty: 10, price: 5, tags: ['a'], note: 'base' }, [
      { peer: 'peer-2', at: 2_000, value: { qty: 12, price: 7, tags: ['a', 'b'], note: 'two' } },
      { peer: 'peer-3', at: 3_000, value: { qty: 7, price: 4, tags: ['a', 'c'], note: 'three' } },
    ]);
    const rule = { fields: { qty: { kind: 'sum' }, price: { kind: 'max' }, tags: { kind: 'union' }, owner: { kind: 'prefer-node', node: 'peer-2' } } };
    await s.switchOn('field-rules', rule);
    // `owner` has a rule but no version has it: it stays absent.
    expect(readEverywhere(s.core, 'item')).toEqual({ qty: 9, price: 7, tags: ['a', 'b', 'c'], note: 'three' });
  });

  it('newest takes each field from the latest version that has it; ties go to the greater node id', async () => {
    const s = scenario();
    await s.concurrent('n', { x: 0 }, [
      { peer: 'peer-1', at: 2_000, value: { x: 1, note: 'one', tie: 'p1' } },
      { peer: 'peer-2', at: 3_000, value: { x: 2, note: 'two', tie: 'p2' } },
      { peer: 'peer-3', at: 3_000, value: { x: 3, tie: 'p3' } },
    ]);
    await s.switchOn('field-rules', { fields: {}, otherwise: { kind: 'newest' } });
    expect(readEverywhere(s.core, 'n')).toEqual({ x: 3, note: 'two', tie: 'p3' });
  });

  it('max and min ignore non-numbers, and fall back to newest when no version has a number', async () => {
    const s = scenario();
    await s.concurrent('m', { p: 0 }, [
      { peer: 'peer-1', at: 2_000, value: { hi: 7, lo: 7, none: 'a' } },
      { peer: 'peer-2', at: 3_000, value: { hi: 'n/a', lo: 'n/a', none: 'b' } },
      { peer: 'peer-3', at: 2_500, value: { hi: 4, lo: -2, none: 'c' } },
    ]);
    await s.switchOn('field-rules', { fields: { hi: { kind: 'max' }, lo: { kind: 'min' }, none: { kind: 'max' } } });
    expect(readEverywhere(s.core, 'm')).toEqual({ hi: 7, lo: -2, none: 'b' });
  });

  it('union concatenates the lists oldest version first, without duplicates (by JSON); a non-list makes it newest', async () => {
    const s = scenario();
    await s.concurrent('u', { tags: [] }, [
      { peer: 'peer-3', at: 3_000, value: { tags: ['z', { id: 1 }], mixed: 'text' } },
      { peer: 'peer-1', at: 2_000, value: { tags: [{ id: 1 }, 'b'], mixed: ['list'] } },
      { peer: 'peer-2', at: 2_500, value: { tags: ['b', 'c'], mixed: ['other'] } },
    ]);
    await s.switchOn('field-rules', { fields: { tags: { kind: 'union' }, mixed: { kind: 'union' } } });
    expect(readEverywhere(s.core, 'u')).toEqual({ tags: [{ id: 1 }, 'b', 'c', 'z'], mixed: 'text' });
  });

  it('sum adds every peer’s delta to the common ancestor: 10 + 2 − 3 = 9', async () => {
    const s = scenario();
    await s.concurrent('s', { qty: 10 }, [
      { peer: 'peer-2', at: 2_000, value: { qty: 12 } },
      { peer: 'peer-3', at: 3_000, value: { qty: 7 } },
    ]);
    await s.switchOn('field-rules', { fields: { qty: { kind: 'sum' } } });
    expect(readEverywhere(s.core, 's')).toEqual({ qty: 9 });
  });

  it('sum counts a delta once even when a version was written on top of another peer’s', async () => {
    const s = scenario();
    await s.write('peer-1', 'c', { qty: 100 });
    s.sched.runFor(500);
    link(s.core, 'cut-link', 'peer-2', 'peer-1');
    link(s.core, 'cut-link', 'peer-2', 'peer-3');
    await s.write('peer-1', 'c', { qty: 90 }); // −10, reaches peer-3
    s.sched.runFor(500);
    await s.write('peer-3', 'c', { qty: 101 }); // +11 on top of peer-1's 90
    await s.write('peer-2', 'c', { qty: 105 }); // +5, concurrent with both
    link(s.core, 'heal-link', 'peer-2', 'peer-1');
    link(s.core, 'heal-link', 'peer-2', 'peer-3');
    s.sched.runFor(1_000);
    await s.switchOn('field-rules', { fields: { qty: { kind: 'sum' } } });
    expect(readEverywhere(s.core, 'c')).toEqual({ qty: 106 });
  });

  it('sum measures a delta from the ancestor even when that side dropped the field in between', async () => {
    const s = scenario();
    await s.write('peer-1', 'd', { qty: 10 });
    s.sched.runFor(500);
    link(s.core, 'cut-link', 'peer-2', 'peer-1');
    link(s.core, 'cut-link', 'peer-2', 'peer-3');
    await s.write('peer-2', 'd', { note: 'qty unknown' });
    await s.write('peer-2', 'd', { qty: 3 }); // 10 → 3 on peer-2: −7
    await s.write('peer-3', 'd', { qty: 12 }); // +2
    link(s.core, 'heal-link', 'peer-2', 'peer-1');
    link(s.core, 'heal-link', 'peer-2', 'peer-3');
    s.sched.runFor(1_000);
    await s.switchOn('field-rules', { fields: { qty: { kind: 'sum' } } });
    expect(readEverywhere(s.core, 'd')).toEqual({ qty: 5 });
  });

  it('falls back to last writer wins for the whole value when one side is not an object (a delete)', async () => {
    const s = scenario();
    await s.concurrent('del', { qty: 1 }, [
      { peer: 'peer-3', at: 2_000, value: { qty: 5 } },
      { peer: 'peer-1', at: 2_500, value: null },
    ]);
    await s.switchOn('field-rules', { fields: { qty: { kind: 'max' } } });
    expect(readEverywhere(s.core, 'del')).toBeNull();
  });
});

describe('prefer-node and version vectors', () => {
  it('prefer-node keeps the preferred peer’s version whole, else last writer wins', async () => {
    const s = scenario();
    await s.concurrent('p', { v: 0 }, [
      { peer: 'peer-2', at: 2_000, value: { v: 2 } },
      { peer: 'peer-3', at: 2_500, value: { v: 3 } },
    ]);
    await s.concurrent('q', { v: 0 }, [
      { peer: 'peer-1', at: 4_000, value: { v: 1 } },
      { peer: 'peer-3', at: 4_500, value: { v: 3 } },
    ]);
    await s.switchOn('prefer-node', { node: 'peer-2' });
    expect(readEverywhere(s.core, 'p')).toEqual({ v: 2 });
    expect(readEverywhere(s.core, 'q')).toEqual({ v: 3 });
  });

  it('a write that has seen the other one dominates it: no conflict, every peer reads it', async () => {
    const s = scenario();
    await s.switchOn('version-vector');
    await s.write('peer-1', 'v', { v: 1 });
    s.sched.runFor(500);
    await s.write('peer-3', 'v', { v: 3 });
    s.sched.runFor(500);
    expect(s.events.some((e) => e.kind === 'conflict-detected')).toBe(false);
    expect(readEverywhere(s.core, 'v')).toEqual({ v: 3 });
    expectConverged(s.core);
  });
});
