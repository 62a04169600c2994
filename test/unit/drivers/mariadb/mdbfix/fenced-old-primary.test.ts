import { describe, expect, it } from 'vitest';
import { clusterHeadline } from '../../../../../electron/core/cluster-state/headline';
import { mariadbAvailableActions } from '../../../../../electron/drivers/mariadb/actions/available';
import { buildSample } from '../../../../../electron/drivers/mariadb/build-sample';
import type { ServerView } from '../../../../../electron/drivers/mariadb/view';
import { describeRole } from '../../../../../renderer/features/nodes/describe';
import { AT, channel, reading, readView } from '../fixtures';

const LIMITS = { maxLagTransactions: 1_000, maxLagMs: 10_000, replicationUser: 'repl' };
const OLD = '127.0.0.1:3301';
const NEW = '127.0.0.1:3302';

/** After a failover: 3302 is the writable primary with 3303 under it; 3301 came back and was fenced (read_only, no channel). */
function afterFailover(): ServerView[] {
  return [
    readView(reading(3301, { readOnly: true })),
    readView(reading(3302)),
    readView(reading(3303, { readOnly: true, channels: [channel(3302)] })),
  ];
}
const sampleOf = (views: ServerView[]) => buildSample({ clusterId: 'c', takenAt: AT, durationMs: 0, views, queriesPerNode: 1, warnings: [] });

describe('MariaDB fenced old primary', () => {
  it('headline: the rejoin advice is MariaDB’s CHANGE MASTER … MASTER_USE_GTID = slave_pos; START SLAVE, never pg_rewind', () => {
    const s = sampleOf(afterFailover());
    const available = mariadbAvailableActions(s, LIMITS);
    const h = clusterHeadline({ sample: s, kind: 'primary-replica', available, limits: { lagThresholdBytes: 1e9, lagThresholdMs: 1e9 }, previous: null });
    expect(h.state).toBe('fenced-old-primary');
    expect(h.suggestion?.text).toContain('CHANGE MASTER TO MASTER_HOST = \'127.0.0.1\', MASTER_PORT = 3302');
    expect(h.suggestion?.text).toContain('MASTER_USE_GTID = slave_pos; START SLAVE');
    expect(h.suggestion?.text).toContain("MASTER_USER = 'repl'");
    expect(h.suggestion?.text).not.toMatch(/pg_rewind|standby\.signal/);
  });

  it('role: primary with fenced = true, shown as "fenced old primary"; a lone read_only primary is not fenced', () => {
    const s = sampleOf(afterFailover());
    const old = s.nodes.find((n) => n.id === OLD)!;
    expect(old).toMatchObject({ role: 'primary', fenced: true });
    expect(describeRole(old, s.nodes)).toBe('fenced old primary');
    // The same node fenced with no other primary past it is the newest: just "fenced primary" (trial 22).
    expect(describeRole(old, [old])).toBe('fenced primary');
    expect(describeRole({ ...old, timeline: 2 }, [{ ...old, id: 'x', fenced: true, timeline: 1 }])).toBe('fenced primary');
    expect(describeRole({ ...old, timeline: 1 }, [{ ...old, id: 'x', fenced: true, timeline: 2 }])).toBe('fenced old primary');
    expect(s.nodes.find((n) => n.id === NEW)?.fenced).toBeUndefined();
    const lone = sampleOf([readView(reading(3301, { readOnly: true })), readView(reading(3303, { readOnly: true, channels: [channel(3301)] }))]);
    expect(lone.nodes.find((n) => n.id === OLD)?.fenced).toBeUndefined();
  });

  it('panel: no switchover to the fenced old primary; its rejoin says by hand with the failover step’s SQL, not "not built … rejoin themselves"', () => {
    const byNode = mariadbAvailableActions(sampleOf(afterFailover()), LIMITS).find((n) => n.nodeId === OLD)!;
    const get = (k: string) => byNode.actions.find((a) => a.kind === k)!;
    expect(get('switchover')).toMatchObject({ available: false });
    expect(get('switchover').why).toContain('fenced old primary');
    expect(get('switchover').why).not.toBe('it is the primary');
    expect(get('rejoin').why).toContain('by hand');
    expect(get('rejoin').why).toContain('START SLAVE');
    expect(get('rejoin').why).not.toContain('rejoin the old primary themselves');
  });
});
