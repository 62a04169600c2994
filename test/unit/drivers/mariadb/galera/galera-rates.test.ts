import { describe, expect, it } from 'vitest';
import { GaleraCounters, ratesBetween } from '../../../../../electron/drivers/mariadb/galera/galera-rates';
import { galera } from './galera-fixtures';

const at = (ms: number, over: Parameters<typeof galera>[1] = {}) => ({ at: ms, galera: galera(3301, over) });

describe('Galera rates between samples', () => {
  it('turns counter increases into per-second rates and the flow-control pause into a fraction of the interval', () => {
    const r = ratesBetween(at(0, { certFailures: 10, bfAborts: 2, flowControlPausedNs: 0 }), at(2_000, { certFailures: 14, bfAborts: 3, flowControlPausedNs: 500_000_000 }));
    expect(r).toEqual({ certFailuresPerS: 2, bfAbortsPerS: 0.5, certFailures: 4, bfAborts: 1, flowControlPaused: 0.25, elapsedMs: 2_000 });
  });

  it('has no rate on the first reading, and falls back to wsrep_flow_control_paused', () => {
    expect(ratesBetween(null, at(0, { certFailures: 10, flowControlPaused: 0.4 }))).toEqual({
      certFailuresPerS: null,
      bfAbortsPerS: null,
      certFailures: 0,
      bfAborts: 0,
      flowControlPaused: 0.4,
      elapsedMs: null,
    });
  });

  it('has no rate and no increase after a restart (new gcomm uuid, or counters that went down)', () => {
    const restarted = ratesBetween(at(0, { certFailures: 10 }), at(1_000, { certFailures: 12, nodeUuid: 'another' }));
    expect(restarted).toMatchObject({ certFailuresPerS: null, certFailures: 0 });
    const reset = ratesBetween(at(0, { certFailures: 10, bfAborts: 1 }), at(1_000, { certFailures: 1, bfAborts: 1 }));
    expect(reset).toMatchObject({ certFailuresPerS: null, certFailures: 0, bfAbortsPerS: 0 });
  });

  it('remembers each node separately', () => {
    const c = new GaleraCounters();
    expect(c.observe('a', at(0, { bfAborts: 1 })).bfAbortsPerS).toBeNull();
    expect(c.observe('b', at(0, { bfAborts: 50 })).bfAbortsPerS).toBeNull();
    expect(c.observe('a', at(500, { bfAborts: 2 })).bfAbortsPerS).toBe(2);
    expect(c.observe('a', at(1_000, { bfAborts: 2 })).bfAbortsPerS).toBe(0);
  });
});
