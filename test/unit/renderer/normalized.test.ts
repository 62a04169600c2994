import { describe, expect, it } from 'vitest';
import { reconcile, removeMany, upsertMany, emptyNormalized, toList } from '../../../renderer/lib/normalized';
import { same } from '../../../renderer/lib/same';

type Item = { id: string; v: number; tags?: string[] };
const idOf = (i: Item) => i.id;

describe('same', () => {
  it('compares plain data structurally', () => {
    expect(same({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(same({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(same([1, 2], [2, 1])).toBe(false);
    expect(same({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(same(NaN, NaN)).toBe(true);
  });
});

describe('reconcile', () => {
  it('returns the same collection when nothing changed', () => {
    const first = reconcile(emptyNormalized<Item>(), [{ id: 'a', v: 1 }, { id: 'b', v: 2, tags: ['x'] }], idOf);
    const again = reconcile(first, [{ id: 'a', v: 1 }, { id: 'b', v: 2, tags: ['x'] }], idOf);
    expect(again).toBe(first);
  });

  it('keeps unchanged items and the ids array when only a value changed', () => {
    const first = reconcile(emptyNormalized<Item>(), [{ id: 'a', v: 1 }, { id: 'b', v: 2 }], idOf);
    const next = reconcile(first, [{ id: 'a', v: 1 }, { id: 'b', v: 3 }], idOf);
    expect(next).not.toBe(first);
    expect(next.ids).toBe(first.ids);
    expect(next.byId.a).toBe(first.byId.a);
    expect(next.byId.b).toEqual({ id: 'b', v: 3 });
  });

  it('drops items that are gone and follows the new order', () => {
    const first = reconcile(emptyNormalized<Item>(), [{ id: 'a', v: 1 }, { id: 'b', v: 2 }], idOf);
    const next = reconcile(first, [{ id: 'c', v: 1 }, { id: 'a', v: 1 }], idOf);
    expect(next.ids).toEqual(['c', 'a']);
    expect(next.byId.b).toBeUndefined();
    expect(next.byId.a).toBe(first.byId.a);
  });
});

describe('upsertMany / removeMany', () => {
  it('adds, updates and removes, returning the same object for no-ops', () => {
    const a = upsertMany(emptyNormalized<Item>(), [{ id: 'a', v: 1 }], idOf);
    expect(upsertMany(a, [{ id: 'a', v: 1 }], idOf)).toBe(a);
    const b = upsertMany(a, [{ id: 'b', v: 2 }, { id: 'a', v: 5 }], idOf);
    expect(toList(b)).toEqual([{ id: 'a', v: 5 }, { id: 'b', v: 2 }]);
    expect(removeMany(b, ['zzz'])).toBe(b);
    expect(removeMany(b, ['a']).ids).toEqual(['b']);
  });
});
