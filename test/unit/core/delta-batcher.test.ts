import { afterEach, describe, expect, it } from 'vitest';
import { DeltaBatcher } from '../../../electron/core/delta/delta-batcher';
import type { LagPoint } from '../../../shared/model/lag-point';

const point = (at: number): LagPoint => ({ at, sentBytes: 0, writeBytes: 0, flushBytes: 0, replayBytes: 0, writeMs: 0, flushMs: 0, replayMs: 0 });
let batcher: DeltaBatcher;
afterEach(() => batcher.dispose());

describe('DeltaBatcher', () => {
  it('sends nothing when nothing changed', () => {
    batcher = new DeltaBatcher(() => 1, { flushEveryMs: 60_000 });
    expect(batcher.flush()).toBeNull();
  });
  it('drops the oldest points past its bound and counts them', () => {
    batcher = new DeltaBatcher(() => 1, { flushEveryMs: 60_000, maxLagPoints: 10 });
    const got: number[] = [];
    batcher.subscribe((d) => got.push(d.lagPoints.length, d.dropped, d.lagPoints[0]!.point.at));
    const sample = { clusterId: 'c', takenAt: 1, durationMs: 1, nodes: [], links: [], slots: [], consensus: null, queriesPerNode: 1, warnings: [] };
    batcher.sample('c', sample, Array.from({ length: 25 }, (_, i) => ({ linkId: 'l', point: point(i) })));
    batcher.flush();
    expect(got).toEqual([10, 15, 15]);
  });
  it('flushes on its own timer', async () => {
    batcher = new DeltaBatcher(() => 1, { flushEveryMs: 20 });
    const seen = new Promise((resolve) => batcher.subscribe(resolve));
    batcher.clusterRemoved('x');
    await expect(seen).resolves.toMatchObject({ removedClusterIds: ['x'] });
  });
  it('sends the newest headline of each cluster, and none for a removed cluster', () => {
    batcher = new DeltaBatcher(() => 1, { flushEveryMs: 60_000 });
    const h = (clusterId: string, asOf: number) => ({ clusterId, state: 'healthy' as const, title: 'ok', since: 0, asOf, nodes: [], nodeIds: [], suggestion: null });
    batcher.headline(h('a', 1));
    batcher.headline(h('a', 2));
    batcher.headline(h('b', 1));
    batcher.clusterRemoved('b');
    expect(batcher.flush()?.headlines).toEqual([h('a', 2)]);
    expect(batcher.flush()).toBeNull();
  });
});
