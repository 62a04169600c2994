import { describe, expect, it } from 'vitest';
import { chooseResolution } from '../../../../electron/core/history/lag-query';
import { delta, point, store, tempFile } from './fixtures';

const MIN = 60_000;
const DAY = 86_400_000;

describe('range resolution', () => {
  it('picks raw for minutes, 10 s rollups for hours, 1 min rollups for days and 1 h rollups for months', () => {
    expect(chooseResolution(5 * MIN, 600)).toBe('raw');
    expect(chooseResolution(60 * MIN, 600)).toBe('raw');
    expect(chooseResolution(6 * 60 * MIN, 600)).toBe('10s');
    expect(chooseResolution(DAY, 600)).toBe('1m');
    expect(chooseResolution(7 * DAY, 600)).toBe('1m');
    expect(chooseResolution(90 * DAY, 600)).toBe('1h');
  });

  it('reads the chosen tier and falls back to a coarser one when fine data was trimmed', () => {
    const clock = { t: 10 * DAY };
    const h = store(tempFile(), clock, { retention: { rawMs: 30 * MIN } });
    const start = clock.t - 2 * 3_600_000;
    const lagPoints = [];
    for (let at = start; at < clock.t; at += 1_000) lagPoints.push({ clusterId: 'c', linkId: 'a->b', point: point(at, 100) });
    h.ingest(delta({ lagPoints }));
    h.flush();
    const young = h.lag('c', 'a->b', clock.t - 6 * 3_600_000, clock.t, 600);
    expect(young.resolution).toBe('10s'); // a history younger than the range is not taken for a trimmed one
    expect(young.note).toBeNull();
    const recent = h.lag('c', 'a->b', clock.t - 5 * MIN, clock.t, 600);
    expect(recent.resolution).toBe('raw');
    expect(recent.points.length).toBeGreaterThanOrEqual(299);
    expect(recent.points.every((p) => p.replayBytes === 100)).toBe(true);
    h.maintain(); // raw kept 30 min only
    const hour = h.lag('c', 'a->b', clock.t - 60 * MIN, clock.t, 600);
    expect(hour.resolution).toBe('10s');
    expect(hour.note).toMatch(/raw data is no longer kept/);
    expect(hour.points.length).toBeGreaterThan(300);
    const day = h.lag('c', 'a->b', clock.t - DAY, clock.t, 600);
    expect(day.resolution).toBe('1m');
    expect(day.points.length).toBeGreaterThanOrEqual(49); // 2 h of data in 144 s steps (24 h / 600 points)
    expect(day.points.length).toBeLessThanOrEqual(51);
    expect(day.max.every((p) => p.replayBytes === 100)).toBe(true);
    h.close();
  });
});
