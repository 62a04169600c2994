import { describe, expect, it } from 'vitest';
import { InspectThrottle } from '../../../../../electron/drivers/postgres/conflicts/inspect-throttle';

/** A 1 Hz sampler over `seconds`: the seconds at which the throttle lets an inspection run. */
function inspectedAt(t: InspectThrottle, clock: { ms: number }, seconds: number, learntAt: ReadonlySet<number> = new Set()): number[] {
  const ran: number[] = [];
  for (let s = 0; s < seconds; s += 1) {
    clock.ms = s * 1_000;
    if (!t.due('b|16384|3')) continue;
    ran.push(s);
    t.inspected('b|16384|3', learntAt.has(s));
  }
  return ran;
}

describe('re-inspection throttle of an apply error not fully explained', () => {
  it('lets a 1 Hz sample inspect at once, then after 1, 2, 4, 8, 16 and every 30 s', () => {
    const clock = { ms: 0 };
    const t = new InspectThrottle(() => clock.ms);
    expect(inspectedAt(t, clock, 120)).toEqual([0, 1, 3, 7, 15, 31, 61, 91]);
  });

  it('starts again from the base wait when an inspection learnt something (a grant was given)', () => {
    const clock = { ms: 0 };
    const t = new InspectThrottle(() => clock.ms);
    expect(inspectedAt(t, clock, 40, new Set([15]))).toEqual([0, 1, 3, 7, 15, 16, 18, 22, 30]);
  });

  it('keeps keys apart, and forgets one whose error is explained or settled', () => {
    const clock = { ms: 10_000 };
    const t = new InspectThrottle(() => clock.ms, { baseMs: 5_000, maxMs: 5_000 });
    t.inspected('a', false);
    expect(t.due('a')).toBe(false);
    expect(t.due('b')).toBe(true);
    clock.ms = 14_999;
    expect(t.due('a')).toBe(false);
    clock.ms = 15_000;
    expect(t.due('a')).toBe(true);
    t.inspected('a', false);
    t.forget('a');
    expect(t.due('a')).toBe(true);
  });
});
