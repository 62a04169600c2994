import { describe, expect, it } from 'vitest';
import { certificationConflictEvent } from '../../../../../electron/drivers/mariadb/galera/conflict-events';
import { GaleraWatch } from '../../../../../electron/drivers/mariadb/galera/galera-watch';
import type { DriverEvent } from '../../../../../electron/core/driver';
import { AT } from '../fixtures';
import { galera, galeraView } from './galera-fixtures';

const rates = (certFailures: number, bfAborts: number) => ({ certFailuresPerS: certFailures, bfAbortsPerS: bfAborts, certFailures, bfAborts, flowControlPaused: 0, elapsedMs: 1_000 });

describe('Galera certification conflicts as events', () => {
  it('no increase, no event', () => {
    expect(certificationConflictEvent('n1', galera(3301), rates(0, 0), AT)).toBeNull();
  });

  it('names the counts and the setting that shows more', () => {
    const e = certificationConflictEvent('n1', galera(3301, { certFailures: 7, bfAborts: 2 }), rates(3, 0), AT);
    expect(e).toMatchObject({ at: AT, kind: 'conflict-detected', severity: 'warning', nodeId: 'n1' });
    expect(e?.message).toMatch(/^Galera certification conflicts on g1 in the last 1\.0 s: 3 certification failure\(s\) \(wsrep_local_cert_failures 7\); .*SET GLOBAL wsrep_log_conflicts=ON/);
    const logged = certificationConflictEvent('n1', galera(3301, { bfAborts: 2, logConflicts: true }), rates(0, 1), AT);
    expect(logged?.message).toMatch(/1 brute-force abort\(s\) \(wsrep_local_bf_aborts 2\).*wsrep_log_conflicts is ON: each conflict and the victim's query are in this node's error log/);
  });

  it('the watch emits once per rise, from the second reading on', () => {
    const watch = new GaleraWatch();
    const events: DriverEvent[] = [];
    watch.onEvent((e) => events.push(e));
    let at = AT;
    const round = (bfAborts: number) => {
      const v = galeraView(3301, galera(3301, { bfAborts }));
      if (v.reading.kind === 'read') v.reading.value.at = at += 1_000;
      return watch.observe([v]);
    };
    round(5);
    expect(events).toEqual([]);
    expect(round(7).get('127.0.0.1:3301')?.bfAborts).toBe(2);
    expect(events.map((e) => e.nodeId)).toEqual(['127.0.0.1:3301']);
    round(7);
    expect(events).toHaveLength(1);
  });
});
