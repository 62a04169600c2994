import { describe, expect, it } from 'vitest';
import { pastLagWindow, PAST_DEFAULT_RANGE_MS } from '../../../renderer/features/timeline/lag-range';

const NOW = 1_700_000_000_000;

describe('lag charts while viewing the past', () => {
  it('show the stored range centred on the moment (15 min when Live was picked), never ending after now', () => {
    const at = NOW - 60 * 60_000;
    expect(pastLagWindow(at, null, NOW)).toEqual({ rangeMs: PAST_DEFAULT_RANGE_MS, to: at + PAST_DEFAULT_RANGE_MS / 2 });
    expect(pastLagWindow(at, 3_600_000, NOW)).toEqual({ rangeMs: 3_600_000, to: at + 1_800_000 });
    expect(pastLagWindow(NOW - 60_000, 3_600_000, NOW)).toEqual({ rangeMs: 3_600_000, to: NOW });
    const w = pastLagWindow(at, null, NOW);
    expect(w.to - w.rangeMs).toBeLessThan(at); // the moment is inside the charted range
    expect(w.to).toBeGreaterThan(at);
  });
});
