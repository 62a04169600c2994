import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlotClock, nextSnapshot, type TickSnapshot } from '../../../renderer/features/lag/plot-clock';

describe('lag plot clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks every period for all listeners at once, and only while someone listens', () => {
    const clock = createPlotClock(2_000);
    const heard: string[] = [];
    const offA = clock.subscribe(() => heard.push(`a${clock.now()}`));
    const offB = clock.subscribe(() => heard.push(`b${clock.now()}`));
    vi.advanceTimersByTime(1_999);
    expect(heard).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(heard).toEqual(['a1', 'b1']);
    offA();
    vi.advanceTimersByTime(2_000);
    expect(heard).toEqual(['a1', 'b1', 'b2']);
    offB();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(clock.now()).toBe(2);
  });
});

describe('nextSnapshot (what a lag chart draws)', () => {
  const a = [1];
  const b = [1, 2];
  const c = [1, 2, 3];

  it('keeps the drawn points until the clock ticks, then takes the newest', () => {
    const s0: TickSnapshot<number[]> = { tick: 0, value: a };
    expect(nextSnapshot(s0, b, 0)).toBe(s0);
    expect(nextSnapshot(s0, c, 0)).toBe(s0);
    const s1 = nextSnapshot(s0, c, 1);
    expect(s1).toEqual({ tick: 1, value: c });
    // Data arriving after the tick waits for the next one.
    expect(nextSnapshot(s1, [...c, 4], 1)).toBe(s1);
  });

  it('notes a tick with unchanged data, so the next change still waits', () => {
    const s0: TickSnapshot<number[]> = { tick: 0, value: a };
    const s1 = nextSnapshot(s0, a, 1);
    expect(s1).toEqual({ tick: 1, value: a });
    expect(nextSnapshot(s1, b, 1)).toBe(s1);
  });

  it('draws the first points at once instead of sitting empty until the next tick', () => {
    const empty: number[] = [];
    const s0: TickSnapshot<number[]> = { tick: 3, value: empty };
    expect(nextSnapshot(s0, empty, 3)).toBe(s0);
    expect(nextSnapshot(s0, b, 3)).toEqual({ tick: 3, value: b });
  });
});
