import { describe, expect, it } from 'vitest';
import { ConflictInbox } from '../../../electron/core/conflicts/conflict-inbox';
import { DeltaBatcher } from '../../../electron/core/delta/delta-batcher';
import type { ConflictEvent } from '../../../shared/model/conflict';

function conflict(id: string, over: Partial<ConflictEvent> = {}): ConflictEvent {
  return {
    id,
    clusterId: 'mp',
    target: { table: 'items', key: `k-${id}` },
    kind: 'update-update',
    detectedAt: 1_000,
    versions: [
      { nodeId: 'peer-1', origin: 'peer-1', value: { qty: 1 }, committedAt: 1_000, versionVector: { 'peer-1': 1 }, position: 'peer-1/1' },
      { nodeId: 'peer-2', origin: 'peer-2', value: { qty: 2 }, committedAt: 1_000, versionVector: { 'peer-2': 1 }, position: 'peer-2/1' },
    ],
    suggestion: null,
    status: 'open',
    resolution: null,
    ...over,
  };
}

describe('ConflictInbox', () => {
  it('upserts by id: new, identical re-send, changed, resolved', () => {
    const inbox = new ConflictInbox();
    const changes: string[] = [];
    inbox.onChange((_c, change) => changes.push(change));
    expect(inbox.upsert(conflict('a'))).toBe('new');
    expect(inbox.upsert(conflict('a'))).toBe('same');
    expect(inbox.upsert(conflict('a', { detectedAt: 2_000 }))).toBe('changed');
    const resolved = conflict('a', { status: 'resolved', resolution: { at: 3_000, by: 'policy:last-writer-wins', how: 'lww', value: { qty: 2 } } });
    expect(inbox.upsert(resolved)).toBe('resolved');
    expect(changes).toEqual(['new', 'changed', 'resolved']);
    expect(inbox.counts()).toEqual([{ clusterId: 'mp', open: 0, resolved: 1 }]);
    expect(inbox.list({ status: 'open', limit: 10 })).toEqual([]);
    expect(inbox.list({ status: 'resolved', limit: 10 })).toEqual([resolved]);
  });

  it('lists open conflicts oldest first, then history newest first, per cluster', () => {
    const inbox = new ConflictInbox();
    inbox.upsert(conflict('a'));
    inbox.upsert(conflict('b', { clusterId: 'other' }));
    inbox.upsert(conflict('c'));
    inbox.upsert(conflict('r1', { status: 'resolved', resolution: { at: 5, by: 'x', how: '', value: 1 } }));
    inbox.upsert(conflict('r2', { status: 'resolved', resolution: { at: 9, by: 'x', how: '', value: 1 } }));
    expect(inbox.list({ clusterId: 'mp', status: 'all', limit: 10 }).map((c) => c.id)).toEqual(['a', 'c', 'r2', 'r1']);
    expect(inbox.list({ status: 'open', limit: 10 }).map((c) => c.id).sort()).toEqual(['a', 'b', 'c']);
    expect(inbox.openOf('other').map((c) => c.id)).toEqual(['b']);
    inbox.forgetCluster('mp');
    expect(inbox.counts()).toEqual([{ clusterId: 'other', open: 1, resolved: 0 }]);
    expect(inbox.get('a')).toBeUndefined();
  });

  it('is bounded per cluster: drops (and counts) the oldest open, keeps the newest history', () => {
    const inbox = new ConflictInbox({ maxOpenPerCluster: 100, maxResolvedPerCluster: 10 });
    for (let i = 0; i < 150; i++) inbox.upsert(conflict(`o${i}`));
    for (let i = 0; i < 30; i++) inbox.upsert(conflict(`r${i}`, { status: 'resolved', resolution: { at: i, by: 'x', how: '', value: 1 } }));
    expect(inbox.counts()).toEqual([{ clusterId: 'mp', open: 100, resolved: 10 }]);
    expect(inbox.dropped).toBe(50);
    expect(inbox.get('o0')).toBeUndefined();
    expect(inbox.get('o149')).toBeDefined();
    expect(inbox.list({ status: 'resolved', limit: 3 }).map((c) => c.id)).toEqual(['r29', 'r28', 'r27']);
  });

  it('holds 10,000 open conflicts and upserts them quickly', () => {
    const inbox = new ConflictInbox();
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) inbox.upsert(conflict(`c${i}`));
    for (let i = 0; i < 10_000; i++) inbox.upsert(conflict(`c${i}`));
    expect(inbox.counts()[0]!.open).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('DeltaBatcher with conflicts', () => {
  it('pushes the newest state of each conflict once per delta', () => {
    const batcher = new DeltaBatcher(() => 1, { flushEveryMs: 60_000 });
    batcher.conflict(conflict('a'));
    batcher.conflict(conflict('b'));
    batcher.conflict(conflict('a', { status: 'resolved', resolution: { at: 2, by: 'x', how: '', value: 1 } }));
    const d = batcher.flush()!;
    expect(d.conflicts.map((c) => [c.id, c.status])).toEqual([['b', 'open'], ['a', 'resolved']]);
    expect(batcher.flush()).toBeNull();
    batcher.dispose();
  });
});
