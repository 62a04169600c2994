import { describe, expect, it } from 'vitest';
import { channelLag } from '../../../../../electron/drivers/mariadb/link-view';
import { edgeLabel } from '../../../../../renderer/features/topology/edge-label';
import { formatLagMs } from '../../../../../renderer/lib/format';
import { planPromotion } from '../../../../../electron/drivers/mariadb/actions/plan';
import { channel, reading, readView } from '../fixtures';
import { input, R1 } from '../actions/plan-fixtures';

describe('Seconds_Behind_Master is whole seconds, shown as such', () => {
  it('edge label says "0 s", never "0 ms", for a caught-up replica measured by Seconds_Behind_Master', () => {
    const lag = channelLag(reading(3302), channel(3301, { secondsBehindMaster: 0 }), reading(3301));
    expect(lag.msResolution).toBe(1_000);
    const label = edgeLabel({ state: 'streaming', lag });
    expect(label).toContain('0 s');
    expect(label).not.toContain('ms');
    expect(formatLagMs(3_000, 1_000)).toBe('3 s');
    expect(formatLagMs(250, undefined)).toBe('250 ms');
  });
});

describe('switchover plan lag check', () => {
  it('says "Seconds_Behind_Master 0 s", not "0 ms"', () => {
    const views = [readView(reading(3301)), readView(reading(3302, { readOnly: true, channels: [channel(3301, { secondsBehindMaster: 0 })] }))];
    const p = planPromotion(input(views, { kind: 'switchover', target: R1 }));
    if (!p.ok) throw new Error(p.reason);
    const lag = p.value.checks.find((c) => c.id === 'lag')?.explanation ?? '';
    expect(lag).toContain('Seconds_Behind_Master 0 s');
    expect(lag).not.toContain('0 ms');
  });
});
