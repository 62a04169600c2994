import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, lastWriterWins } from '../../../agent/sandbox/multi-primary/policies';
import { parsePolicy, type FieldRules, type PolicyConfig } from '../../../agent/sandbox/multi-primary/rules';
import { newVersion, type Version } from '../../../agent/sandbox/multi-primary/version';

/** A common ancestor written on peer-1, then one concurrent update per peer on top of it. */
function fork(base: Record<string, unknown>, updates: { peer: string; at: number; value: Record<string, unknown> }[]): Version[] {
  const ancestor = newVersion('peer-1', 1, 'k', base, [], 1_000);
  return updates.map((u, i) => newVersion(u.peer, 10 + i, 'k', u.value, [ancestor], u.at));
}

const fieldRules = (fields: FieldRules['fields'], otherwise: FieldRules['otherwise'] = { kind: 'newest' }): PolicyConfig => ({
  policy: 'field-rules',
  rules: { fields, otherwise },
});

describe('last-writer-wins', () => {
  it('keeps the version with the latest commit timestamp', () => {
    const vs = fork({ qty: 1 }, [
      { peer: 'peer-3', at: 2_000, value: { qty: 3 } },
      { peer: 'peer-2', at: 2_500, value: { qty: 2 } },
    ]);
    expect(decide(vs, { policy: 'last-writer-wins' })).toMatchObject({ value: { qty: 2 }, winner: 'peer-2' });
  });

  it('breaks a timestamp tie by the greater node id', () => {
    const vs = fork({ qty: 1 }, [
      { peer: 'peer-3', at: 2_000, value: { qty: 3 } },
      { peer: 'peer-2', at: 2_000, value: { qty: 2 } },
    ]);
    const d = lastWriterWins(vs);
    expect(d).toMatchObject({ value: { qty: 3 }, winner: 'peer-3' });
    expect(d.why).toContain('greatest node id');
  });

  it('does not depend on the order of the versions', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ peer: fc.constantFrom('peer-1', 'peer-2', 'peer-3'), at: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 6 }), (ups) => {
        const vs = fork({}, ups.map((u, i) => ({ ...u, value: { i } })));
        const a = decide(vs, { policy: 'last-writer-wins' });
        const b = decide([...vs].reverse(), { policy: 'last-writer-wins' });
        expect(b.value).toEqual(a.value);
      }),
      { seed: 21, numRuns: 200 },
    );
  });
});

describe('field rules', () => {
  const vs = fork({ qty: 10, price: 5, tags: ['a'], note: 'base', owner: 'x' }, [
    { peer: 'peer-2', at: 2_000, value: { qty: 12, price: 7, tags: ['a', 'b'], note: 'two', owner: 'p2' } },
    { peer: 'peer-3', at: 3_000, value: { qty: 7, price: 4, tags: ['a', 'c'], note: 'three', owner: 'p3' } },
  ]);

  it('merges each field by its rule (documented example)', () => {
    const d = decide(
      vs,
      fieldRules({ qty: { kind: 'sum' }, price: { kind: 'max' }, tags: { kind: 'union' }, owner: { kind: 'prefer-node', node: 'peer-2' } }),
    );
    // sum of deltas: 10 + (12 - 10) + (7 - 10) = 9; max price 7; union keeps order oldest first;
    // owner from peer-2; note (no rule) falls to `otherwise: newest`, i.e. peer-3's.
    expect(d.value).toEqual({ qty: 9, price: 7, tags: ['a', 'b', 'c'], note: 'three', owner: 'p2' });
    expect(d.winner).toBeNull();
    expect(d.why).toContain('qty: sum of deltas');
  });

  it('min and newest', () => {
    const d = decide(vs, fieldRules({ price: { kind: 'min' } }, { kind: 'newest' }));
    expect(d.value).toMatchObject({ price: 4, qty: 7, note: 'three' });
  });

  it('sum counts each peer delta once, even after a version was merged on top of another', () => {
    const base = newVersion('peer-1', 1, 'k', { qty: 100 }, [], 1);
    const a = newVersion('peer-1', 2, 'k', { qty: 90 }, [base], 2); // -10
    const b = newVersion('peer-2', 1, 'k', { qty: 105 }, [base], 2); // +5
    const c = newVersion('peer-3', 1, 'k', { qty: 101 }, [a], 3); // peer-3 saw a: 90 -> 101, +11
    const d = decide([b, c], fieldRules({ qty: { kind: 'sum' } }));
    expect(d.value).toEqual({ qty: 106 }); // 100 - 10 + 5 + 11
  });

  it('falls back to last-writer-wins when a value is not an object (e.g. a delete)', () => {
    const mixed = fork({ qty: 1 }, [
      { peer: 'peer-2', at: 2_000, value: { qty: 2 } },
      { peer: 'peer-3', at: 3_000, value: { qty: 3 } },
    ]);
    const deleted = newVersion('peer-1', 99, 'k', null, [], 4_000);
    const d = decide([...mixed, deleted], fieldRules({ qty: { kind: 'max' } }));
    expect(d).toMatchObject({ value: null, winner: 'peer-1' });
    expect(d.why).toContain('field rules need object values');
  });

  it('prefer-node policy keeps the preferred peer whole, else last writer wins', () => {
    expect(decide(vs, { policy: 'prefer-node', node: 'peer-2' })).toMatchObject({ winner: 'peer-2' });
    expect(decide(vs, { policy: 'prefer-node', node: 'peer-9' })).toMatchObject({ winner: 'peer-3' });
  });
});

describe('policy rules are validated, never evaluated', () => {
  it('accepts declarative rules and names what is wrong in a bad one', () => {
    expect(parsePolicy('field-rules', { fields: { qty: { kind: 'sum' } } })).toMatchObject({ ok: true });
    const bad = parsePolicy('field-rules', { fields: { qty: { kind: 'eval', code: 'process.exit()' } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues?.[0]?.path).toBe('fields.qty.kind');
    expect(parsePolicy('prefer-node', {})).toMatchObject({ ok: false, code: 'invalid-payload' });
    expect(parsePolicy('last-writer-wins', { x: 1 })).toMatchObject({ ok: false });
  });
});
