import { describe, expect, it } from 'vitest';
import { MetricsStore } from '../../../electron/core/metrics/metrics-store';
import { downsampleMax } from '../../../electron/core/metrics/downsample';
import { NumericRing } from '../../../electron/core/metrics/ring-buffer';
import type { ClusterSample } from '../../../shared/model/sample';
import { link } from '../../support/fake-driver';

const sample = (at: number, replay: number): ClusterSample => ({
  clusterId: 'c', takenAt: at, durationMs: 1, nodes: [], links: [link('a', 'b', replay, replay / 10, at)],
  slots: [], consensus: null, queriesPerNode: 1, warnings: [],
});

describe('NumericRing', () => {
  it('keeps only the newest rows past its capacity', () => {
    const ring = new NumericRing(3, 1);
    for (let i = 1; i <= 5; i++) ring.push([i]);
    expect(ring.length).toBe(3);
    expect([0, 1, 2].map((i) => ring.get(i, 0))).toEqual([3, 4, 5]);
  });
});

describe('MetricsStore', () => {
  it('stays bounded by its retention window', () => {
    const store = new MetricsStore({ retentionMs: 10_000 });
    for (let t = 0; t < 100; t++) store.record(sample(t * 1_000, t), 1_000);
    expect(store.size).toBeLessThanOrEqual(11);
    const h = store.history('c', 'a->b', 60_000, 300, 99_000);
    expect(h.at(-1)?.replayBytes).toBe(99);
    expect(h[0]!.at).toBeGreaterThanOrEqual(89_000);
  });

  it('does not record a repeated measurement twice (stale data is not a new point)', () => {
    const store = new MetricsStore();
    expect(store.record(sample(1_000, 5), 1_000)).toHaveLength(1);
    expect(store.record(sample(1_000, 5), 1_000)).toHaveLength(0);
  });

  it('downsamples to at most maxPoints and keeps the peak', () => {
    const store = new MetricsStore({ retentionMs: 3_600_000 });
    for (let t = 0; t < 3_000; t++) store.record(sample(t * 250, t === 1_234 ? 1e9 : 1), 250);
    const h = store.history('c', 'a->b', 3_600_000, 300, 3_000 * 250);
    expect(h.length).toBeLessThanOrEqual(300);
    expect(Math.max(...h.map((p) => p.replayBytes ?? 0))).toBe(1e9);
  });
});

describe('downsampleMax', () => {
  it('returns rows unchanged when there are few', () => {
    expect(downsampleMax(2, (r, c) => r * 10 + c, 2, 5)).toEqual([[0, 1], [10, 11]]);
  });
});
