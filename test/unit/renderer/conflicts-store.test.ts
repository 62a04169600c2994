import { beforeEach, describe, expect, it } from 'vitest';
import { buildRows, fieldDiff } from '../../../renderer/features/conflicts/rows';
import { defaultFilter, MAX_RESOLVED, onNewConflict, openCount, removeClusterConflicts, upsertConflicts, useConflicts } from '../../../renderer/features/conflicts/store';
import type { ConflictEvent } from '../../../shared/model/conflict';

function conflict(id: string, over: Partial<ConflictEvent> = {}): ConflictEvent {
  return {
    id,
    clusterId: 'mp',
    target: { table: 'items', key: `item-${id}` },
    kind: 'update-update',
    detectedAt: 1_000,
    versions: [
      { nodeId: 'peer-1', origin: 'peer-1', value: { qty: 1, tags: ['a'] }, committedAt: 1_000, versionVector: { 'peer-1': 1 }, position: 'peer-1/1' },
      { nodeId: 'peer-2', origin: 'peer-2', value: { qty: 2, tags: ['a'] }, committedAt: 1_001, versionVector: { 'peer-2': 1 }, position: 'peer-2/1' },
    ],
    suggestion: null,
    status: 'open',
    resolution: null,
    ...over,
  };
}

beforeEach(() => useConflicts.setState({ byId: {}, version: 0, policies: {}, tablePolicies: {}, filter: defaultFilter, selectedId: null, open: false, checks: {} }, true));

describe('conflicts store', () => {
  it('upserts by id, keeps the same state when nothing changed, and notifies only new open conflicts', () => {
    const seen: string[] = [];
    const off = onNewConflict((c) => seen.push(c.id));
    upsertConflicts([conflict('a'), conflict('b')]);
    const before = useConflicts.getState();
    upsertConflicts([conflict('a')]);
    expect(useConflicts.getState()).toBe(before);
    upsertConflicts([conflict('a', { status: 'resolved', resolution: { at: 2, by: 'dba', how: 'keep', value: 1 } })]);
    expect(openCount(useConflicts.getState())).toBe(1);
    expect(seen).toEqual(['a', 'b']);
    off();
    removeClusterConflicts(['mp']);
    expect(useConflicts.getState().byId).toEqual({});
  });

  it('bounds the history it keeps', () => {
    upsertConflicts(Array.from({ length: MAX_RESOLVED + 50 }, (_, i) => conflict(`r${i}`, { status: 'resolved', resolution: { at: i, by: 'x', how: '', value: 1 } })));
    expect(Object.keys(useConflicts.getState().byId)).toHaveLength(MAX_RESOLVED);
    expect(useConflicts.getState().byId.r0).toBeUndefined();
  });
});

describe('inbox rows', () => {
  const all = [
    conflict('1', { clusterId: 'b', detectedAt: 5 }),
    conflict('2', { clusterId: 'a', detectedAt: 9 }),
    conflict('3', { clusterId: 'a', detectedAt: 1, kind: 'insert-insert' }),
    conflict('4', { clusterId: 'a', target: { table: 'orders', key: 'o-1' } }),
  ];

  it('groups by cluster (sidebar order) and table, open ones oldest first', () => {
    const { rows, ids } = buildRows(all, defaultFilter, 10_000, ['a', 'b']);
    expect(rows.map((r) => (r.type === 'group' ? `${r.clusterId}/${r.table}:${r.count}` : r.id))).toEqual(['a/items:2', '3', '2', 'a/orders:1', '4', 'b/items:1', '1']);
    expect(ids).toEqual(['3', '2', '4', '1']);
  });

  it('filters by key, kind, node and age', () => {
    const now = 10_000;
    expect(buildRows(all, { ...defaultFilter, text: 'O-1' }, now, []).ids).toEqual(['4']);
    expect(buildRows(all, { ...defaultFilter, kind: 'insert-insert' }, now, []).ids).toEqual(['3']);
    expect(buildRows(all, { ...defaultFilter, node: 'peer-3' }, now, []).ids).toEqual([]);
    expect(buildRows(all, { ...defaultFilter, maxAgeMs: now - 6 }, now, ['a', 'b']).ids).toEqual(['2', '4']);
  });

  it('builds rows for 10,000 conflicts quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => conflict(`c${i}`, { clusterId: `c${i % 3}`, detectedAt: i }));
    const started = performance.now();
    const { rows } = buildRows(many, defaultFilter, 20_000, ['c0', 'c1', 'c2']);
    const ms = performance.now() - started;
    expect(rows).toHaveLength(10_003);
    expect(ms).toBeLessThan(500);
  });

  it('finds the differing fields', () => {
    const d = fieldDiff(conflict('x'));
    expect(d.fields).toEqual(['qty', 'tags']);
    expect([...d.differs]).toEqual(['qty']);
    expect(fieldDiff(conflict('y', { versions: [conflict('y').versions[0]!, { ...conflict('y').versions[1]!, value: null }] })).objects).toBe(false);
  });
});
