import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, dominates, increment, join, type VersionVector } from '../../../agent/sandbox/multi-primary/version-vector';
import { PeerStore } from '../../../agent/sandbox/multi-primary/store';
import { newVersion, versionId, type Version } from '../../../agent/sandbox/multi-primary/version';

const NODES = ['a', 'b', 'c', 'd'];
const vector = fc.dictionary(fc.constantFrom(...NODES), fc.nat({ max: 4 }));

/** The textbook definition: a dominates b iff a >= b everywhere and > somewhere. */
function refDominates(a: VersionVector, b: VersionVector): boolean {
  const at = (v: VersionVector, n: string) => v[n] ?? 0;
  return NODES.every((n) => at(a, n) >= at(b, n)) && NODES.some((n) => at(a, n) > at(b, n));
}

describe('version vectors', () => {
  it('detects dominance and concurrency exactly as the reference definition', () => {
    fc.assert(
      fc.property(vector, vector, (a, b) => {
        const expected = refDominates(a, b) ? 'after' : refDominates(b, a) ? 'before' : NODES.every((n) => (a[n] ?? 0) === (b[n] ?? 0)) ? 'equal' : 'concurrent';
        expect(compare(a, b)).toBe(expected);
        expect(dominates(a, b)).toBe(refDominates(a, b));
      }),
      { seed: 1, numRuns: 500 },
    );
  });

  it('join is the least upper bound, and increment dominates', () => {
    fc.assert(
      fc.property(vector, vector, fc.constantFrom(...NODES), (a, b, n) => {
        const j = join(a, b);
        expect(['after', 'equal']).toContain(compare(j, a));
        expect(['after', 'equal']).toContain(compare(j, b));
        for (const node of NODES) expect(j[node] ?? 0).toBe(Math.max(a[node] ?? 0, b[node] ?? 0));
        expect(compare(increment(j, n), a)).toBe('after');
        expect(compare(increment(j, n), b)).toBe('after');
      }),
      { seed: 2, numRuns: 300 },
    );
  });
});

/** Builds a random causal history: each step a node writes on top of its own writes and some it received. */
function history(steps: { node: number; sees: number[] }[]): Version[] {
  const all: Version[] = [];
  steps.forEach((step, i) => {
    const origin = NODES[step.node]!;
    const received = step.sees.filter((j) => j < all.length).map((j) => all[j]!);
    const seen = [...received, ...all.filter((v) => v.origin === origin)];
    all.push(newVersion(origin, i + 1, 'k', { i }, seen, 1_000 + i));
  });
  return all;
}

describe('a peer store', () => {
  const steps = fc.array(fc.record({ node: fc.nat({ max: 3 }), sees: fc.array(fc.nat({ max: 12 }), { maxLength: 3 }) }), {
    minLength: 1,
    maxLength: 12,
  });

  it('keeps exactly the versions nothing dominates, whatever the arrival order', () => {
    fc.assert(
      fc.property(steps, fc.infiniteStream(fc.nat()), (s, randoms) => {
        const versions = history(s);
        const expected = versions
          .filter((v) => !versions.some((w) => w !== v && refDominates(w.vv, v.vv)))
          .map(versionId)
          .sort();
        const shuffled = [...versions];
        const r = randoms[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (r.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const store = new PeerStore();
        for (const v of shuffled) store.merge(v);
        expect(store.siblings('k').map(versionId).sort()).toEqual(expected);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('a write dominates every version its writer held', () => {
    const a = newVersion('a', 1, 'k', 1, [], 1);
    const b = newVersion('b', 1, 'k', 2, [], 1);
    const c = newVersion('c', 1, 'k', 3, [a, b], 2);
    expect(compare(a.vv, b.vv)).toBe('concurrent');
    expect(dominates(c.vv, a.vv) && dominates(c.vv, b.vv)).toBe(true);
    const store = new PeerStore();
    expect(store.merge(a)).toBe('replaced');
    expect(store.merge(b)).toBe('concurrent');
    expect(store.merge(a)).toBe('stale');
    expect(store.merge(c)).toBe('replaced');
    expect(store.siblings('k')).toEqual([c]);
  });
});
