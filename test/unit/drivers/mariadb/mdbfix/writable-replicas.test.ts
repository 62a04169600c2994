import { describe, expect, it } from 'vitest';
import { planPromotion } from '../../../../../electron/drivers/mariadb/actions/plan';
import { channel, failedView, gtids, reading, readView } from '../fixtures';
import { CH, input, R1, R2 } from '../actions/plan-fixtures';

/** primary 3301; 3302 and 3303 under it (3303 writable); 3304 chained under 3302 with read_only = 0. */
function chain(primaryDown: boolean) {
  const at = { gtidBinlogPos: gtids('0-1-20'), gtidBinlogState: gtids('0-1-20'), gtidSlavePos: gtids('0-1-20'), gtidCurrentPos: gtids('0-1-20') };
  const primary = reading(3301, { ...at, gtidSlavePos: [] });
  const replica = (port: number, source: number, readOnly: boolean) => readView(reading(port, { ...at, readOnly, channels: [channel(source, { gtidIoPos: gtids('0-1-20') })] }));
  return [primaryDown ? failedView(3301, primary) : readView(primary), replica(3302, 3301, true), replica(3303, 3301, false), replica(3304, 3302, false)];
}
const writable = (kind: 'switchover' | 'failover') => {
  const p = planPromotion(input(chain(kind === 'failover'), { kind, target: R1 }));
  if (!p.ok) throw new Error(p.reason);
  return p.value.checks.filter((c) => c.id.startsWith('writable:')).map((c) => c.id).sort();
};

describe('writable-replica warning', () => {
  it('switchover and failover both list the direct and the chained replica with read_only = 0', () => {
    expect(writable('switchover')).toEqual([`writable:${R2}`, `writable:${CH}`].sort());
    expect(writable('failover')).toEqual(writable('switchover'));
  });
});
