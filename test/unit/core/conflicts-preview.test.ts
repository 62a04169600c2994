import { describe, expect, it } from 'vitest';
import { decidePolicy } from '../../../electron/core/conflicts/policy-decide';
import { previewResolution } from '../../../electron/core/conflicts/resolve-preview';
import type { ConflictEvent, ConflictVersion } from '../../../shared/model/conflict';

const v = (origin: string, value: unknown, committedAt: number, vv: Record<string, number>): ConflictVersion => ({
  nodeId: origin, origin, value, committedAt, versionVector: vv, position: `${origin}/1`,
});

// The README example: peer-2 at t=2 s, peer-3 at t=3 s.
const two = v('peer-2', { qty: 12, price: 7, tags: ['a', 'b'], note: 'two' }, 2_000, { 'peer-1': 1, 'peer-2': 1 });
const three = v('peer-3', { qty: 7, price: 4, tags: ['a', 'c'], note: 'three' }, 3_000, { 'peer-1': 1, 'peer-3': 1 });
const c: ConflictEvent = {
  id: 'x-1', clusterId: 'mp', target: { table: 'items', key: 'item-001' }, kind: 'update-update', detectedAt: 3_000,
  versions: [two, three], suggestion: null, status: 'open', resolution: null,
};

describe('policy decisions (as documented for the sandbox)', () => {
  it('last writer wins by commit time, then by the greater node id', () => {
    expect(decidePolicy([two, three], { policy: 'last-writer-wins' })).toMatchObject({ settles: true, winner: 'peer-3' });
    const tie = v('peer-2', { qty: 1 }, 3_000, { 'peer-2': 2 });
    const d = decidePolicy([tie, three], { policy: 'last-writer-wins' });
    expect(d.winner).toBe('peer-3');
    expect(d.why).toContain('greatest node id');
  });

  it('manual and version-vector leave concurrent versions open', () => {
    expect(decidePolicy([two, three], { policy: 'manual' }).settles).toBe(false);
    expect(decidePolicy([two, three], { policy: 'version-vector' }).settles).toBe(false);
  });

  it('prefer-node picks that node, else last writer wins', () => {
    expect(decidePolicy([two, three], { policy: 'prefer-node', node: 'peer-2' })).toMatchObject({ winner: 'peer-2', value: two.value });
    const d = decidePolicy([two, three], { policy: 'prefer-node', node: 'peer-1' });
    expect(d.winner).toBe('peer-3');
    expect(d.why).toContain('peer-1 did not write this key');
  });

  it('field rules merge field by field (max, union, prefer-node, newest); sum is flagged as not exact', () => {
    const d = decidePolicy([two, three], {
      policy: 'field-rules',
      rules: { fields: { price: { kind: 'max' }, tags: { kind: 'union' }, note: { kind: 'prefer-node', node: 'peer-2' } }, otherwise: { kind: 'newest' } },
    });
    expect(d).toMatchObject({ settles: true, winner: null, exact: true, value: { qty: 7, price: 7, tags: ['a', 'b', 'c'], note: 'two' } });
    const sum = decidePolicy([two, three], { policy: 'field-rules', rules: { fields: { qty: { kind: 'sum' } }, otherwise: { kind: 'newest' } } });
    expect(sum.exact).toBe(false);
  });
});

describe('resolution preview', () => {
  it('keep a version: writes that version, says how the vector dominates', () => {
    const p = previewResolution(c, { kind: 'keep', version: 0 });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.value).toEqual(two.value);
    expect(p.value.vector).toContain('{peer-1:1,peer-2:1,peer-3:1}');
    expect(p.value.vector).toContain('dominates every conflicting version');
    expect(p.value.fields.map((f) => f.from)).toEqual(['from peer-2', 'from peer-2', 'from peer-2', 'from peer-2']);
    expect(p.value.picks.find((x) => x.policy === 'last-writer-wins')?.winner).toBe('peer-3');
  });

  it('merge: picked fields from their version, the rest from the newest version that has them', () => {
    const p = previewResolution(c, { kind: 'merge', fields: { qty: 0, tags: 0 } });
    expect(p.ok && p.value.value).toEqual({ qty: 12, price: 4, tags: ['a', 'b'], note: 'three' });
    expect(p.ok && p.value.fields.find((f) => f.field === 'price')?.from).toContain('newest');
  });

  it('refuses a bad choice as data', () => {
    expect(previewResolution(c, { kind: 'keep', version: 5 })).toMatchObject({ ok: false, code: 'invalid-choice' });
    expect(previewResolution(c, { kind: 'merge', fields: { nope: 0 } })).toMatchObject({ ok: false, code: 'invalid-choice' });
    const del = { ...c, versions: [two, v('peer-3', null, 3_000, { 'peer-3': 1 })] };
    expect(previewResolution(del, { kind: 'merge', fields: {} })).toMatchObject({ ok: false, code: 'not-mergeable' });
    expect(previewResolution({ ...c, status: 'resolved' }, { kind: 'keep', version: 0 })).toMatchObject({ ok: false, code: 'conflict-resolved' });
  });

  it('custom: writes exactly what was typed', () => {
    const p = previewResolution(c, { kind: 'custom', value: { qty: 99 } });
    expect(p.ok && p.value.value).toEqual({ qty: 99 });
    expect(p.ok && p.value.fields).toEqual([{ field: 'qty', value: 99, from: 'typed by hand' }]);
  });
});
