import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendBounded, downsampleLag } from '../../../renderer/lib/downsample';
import { mergeSeries } from '../../../renderer/features/lag/store';
import { niceTicks } from '../../../renderer/features/lag/chart-data';
import { point } from './fixtures';

const series = (n: number, step = 250) => Array.from({ length: n }, (_, i) => point(i * step, (i * 7919) % 1000));

describe('downsampleLag', () => {
  it('leaves short series alone', () => {
    const s = series(10);
    expect(downsampleLag(s, 300)).toEqual(s);
  });

  it('never returns more than maxPoints, keeps order, the last point, and every spike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 2, max: 400 }), fc.integer({ min: 0, max: 4_999 }), (n, max, spikeAt) => {
        const s = series(n);
        if (n > 0) s[spikeAt % n] = point(s[spikeAt % n]!.at, 1e9);
        const out = downsampleLag(s, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 0));
        for (let i = 1; i < out.length; i++) expect(out[i]!.at).toBeGreaterThan(out[i - 1]!.at);
        if (n > 0) {
          expect(out[out.length - 1]).toEqual(s[n - 1]);
          expect(Math.max(...out.map((p) => p.replayBytes ?? 0))).toBe(1e9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps nulls when a whole bucket has no value', () => {
    const s = Array.from({ length: 1_000 }, (_, i) => point(i, null, null));
    expect(downsampleLag(s, 100).every((p) => p.replayBytes === null && p.replayMs === null)).toBe(true);
  });
});

describe('appendBounded', () => {
  it('appends only newer points, in time order', () => {
    const out = appendBounded([point(1), point(2)], [point(5), point(2), point(4), point(1)], 1e9, 100);
    expect(out.map((p) => p.at)).toEqual([1, 2, 4, 5]);
  });

  it('returns the same array when nothing is new', () => {
    const s = [point(1), point(2)];
    expect(appendBounded(s, [point(2), point(0)], 1e9, 100)).toBe(s);
  });

  it('bounds by time window and by length', () => {
    const s = series(100, 1_000); // 0..99 s
    expect(appendBounded(s, [point(100_000)], 10_000, 1_000).map((p) => p.at)[0]).toBe(90_000);
    expect(appendBounded(s, [point(100_000)], 1e9, 20)).toHaveLength(20);
  });
});

describe('mergeSeries', () => {
  it('puts history before live points and fills gaps, without duplicating live points', () => {
    const live = [point(10_000), point(10_500), point(30_000), point(30_500)];
    const history = [point(0), point(5_000), point(10_000), point(20_000), point(30_000), point(40_000)];
    expect(mergeSeries(live, history).map((p) => p.at)).toEqual([0, 5_000, 10_000, 10_500, 20_000, 30_000, 30_500, 40_000]);
  });

  it('keeps live points identity when history adds nothing', () => {
    const live = [point(1_000), point(1_500)];
    expect(mergeSeries(live, [point(1_200)])).toBe(live);
  });
});

describe('niceTicks', () => {
  it('gives round labels in 1024-based units for bytes and covers the max', () => {
    // 1,000,000 B is 976.6 KB: ticks every 250 KB read "250 KB", "500 KB", … (not "244 KB", "488 KB").
    expect(niceTicks(1_000_000, 'bytes')).toEqual([0, 250, 500, 750, 1000].map((k) => k * 1024));
    expect(niceTicks(3 * 1024 ** 3, 'bytes')).toEqual([0, 1, 2, 3].map((g) => g * 1024 ** 3));
    expect(niceTicks(0, 'bytes')).toEqual([0]);
    const t = niceTicks(3_700, 'ms');
    expect(t[0]).toBe(0);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(3_700);
    expect(t.length).toBeLessThanOrEqual(6);
  });
});
