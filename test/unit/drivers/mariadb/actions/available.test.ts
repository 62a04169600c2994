import { describe, expect, it } from 'vitest';
import { mariadbAvailableActions } from '../../../../../electron/drivers/mariadb/actions/available';
import { buildSample } from '../../../../../electron/drivers/mariadb/build-sample';
import type { ServerView } from '../../../../../electron/drivers/mariadb/view';
import { AT, channel, failedView, reading, readView } from '../fixtures';
import { CH, P, R1 } from './plan-fixtures';

const LIMITS = { maxLagTransactions: 1_000, maxLagMs: 10_000 };
const offer = (views: ServerView[], node: string, kind: string) => {
  const s = buildSample({ clusterId: 'c', takenAt: AT, durationMs: 0, views, queriesPerNode: 1, warnings: [] });
  return mariadbAvailableActions(s, LIMITS).find((n) => n.nodeId === node)?.actions.find((a) => a.kind === kind);
};
const chainOf = (primary: ServerView) => [primary, readView(reading(3302, { channels: [channel(3301)] })), readView(reading(3304, { channels: [channel(3302)] }))];

describe('MariaDB available actions', () => {
  it('offers switchover on a replica of a live primary, failover once the primary is down', () => {
    const live = chainOf(readView(reading(3301)));
    expect(offer(live, R1, 'switchover')).toMatchObject({ available: true });
    expect(offer(live, R1, 'failover')?.why).toMatch(/switch over instead/);
    expect(offer(live, P, 'switchover')?.why).toBe('it is the primary');
    expect(offer(live, CH, 'switchover')?.why).toMatch(/replicates from a replica/);
    const dead = chainOf(failedView(3301, reading(3301)));
    expect(offer(dead, R1, 'failover')).toMatchObject({ available: true });
    expect(offer(dead, R1, 'switchover')?.why).toMatch(/fail over instead/);
  });

  it('does not offer a switchover to a replica that lags or does not replicate', () => {
    const lagging = chainOf(readView(reading(3301)));
    lagging[1] = readView(reading(3302, { channels: [channel(3301, { secondsBehindMaster: 30 })] }));
    expect(offer(lagging, R1, 'switchover')?.why).toMatch(/lag 30/);
    const stopped = chainOf(readView(reading(3301)));
    stopped[1] = readView(reading(3302, { channels: [channel(3301, { sqlRunning: 'No' })] }));
    expect(offer(stopped, R1, 'switchover')?.why).toMatch(/not replicating \(stopped\)/);
  });
});
