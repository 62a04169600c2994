import { describe, expect, it } from 'vitest';
import { applyBulkRuns, useBulkRuns } from '../../../renderer/features/conflicts/bulk-store';
import type { BulkRun } from '../../../shared/ipc/conflict-bulk';

const run = (over: Partial<BulkRun>): BulkRun => ({
  id: 'bulk-1', clusterId: 'mp', policy: 'last-writer-wins', total: 10, done: 0, resolvedCount: 0, resolved: [], failed: [],
  startedAt: 1, elapsedMs: 0, perSecond: 0, mode: 'batch', batches: 0, finished: false, ...over,
});

describe('bulk runs store', () => {
  it('keeps the newest record of each cluster; a late delta never replaces the finished answer', () => {
    applyBulkRuns([run({ done: 5 })]);
    expect(useBulkRuns.getState().byCluster.mp?.done).toBe(5);
    applyBulkRuns([run({ done: 10, finished: true, resolved: ['a'], failed: [{ conflictId: 'x', key: 'items/k', stage: 'write', reason: 'refused' }] })]);
    applyBulkRuns([run({ done: 8 })]);
    expect(useBulkRuns.getState().byCluster.mp).toMatchObject({ done: 10, finished: true });
    applyBulkRuns([run({ id: 'bulk-2', done: 1 })]);
    expect(useBulkRuns.getState().byCluster.mp).toMatchObject({ id: 'bulk-2', done: 1 });
  });
});
