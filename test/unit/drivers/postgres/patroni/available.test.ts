import { describe, expect, it } from 'vitest';
import { annotateSample } from '../../../../../electron/drivers/postgres/patroni/annotate';
import { patroniAvailableActions } from '../../../../../electron/drivers/postgres/patroni/available';
import { candidateUrls } from '../../../../../electron/drivers/postgres/patroni/probe';
import { member, sample, view } from './fixtures';

const offer = (nodes: ReturnType<typeof patroniAvailableActions>, id: string, kind: string) => nodes.find((n) => n.nodeId === id)?.actions.find((a) => a.kind === kind);

describe('Patroni availability', () => {
  it('offers switchover to running replicas only, through Patroni', () => {
    const a = patroniAvailableActions(sample(), view(), null, 1024 * 1024);
    expect(offer(a, '127.0.0.1:5432', 'switchover')?.why).toBe('already the Patroni leader');
    expect(offer(a, '127.0.0.1:5433', 'switchover')?.available).toBe(true);
    expect(offer(a, '127.0.0.1:5433', 'failover')?.why).toMatch(/leader pg1 is running: switch over instead/);
    expect(offer(a, '127.0.0.1:5433', 'fence')?.why).toMatch(/Patroni manages this cluster/);
  });

  it('offers failover when Patroni has no running leader, and nothing while Patroni does not answer', () => {
    const noLeader = view([member('pg1', 5432, 'leader', 'stopped'), member('pg2', 5433, 'replica'), member('pg3', 5434, 'replica', 'starting')]);
    const a = patroniAvailableActions(sample(), noLeader, null, 1024);
    expect(offer(a, '127.0.0.1:5433', 'failover')?.available).toBe(true);
    expect(offer(a, '127.0.0.1:5434', 'failover')?.why).toBe('Patroni reports it starting');
    const down = patroniAvailableActions(sample(), view(), 'connection refused', 1024);
    expect(offer(down, '127.0.0.1:5433', 'switchover')?.why).toMatch(/does not answer: connection refused/);
  });

  it('annotates the sample: Patroni-managed, the leader key, a note per member', () => {
    const s = sample();
    annotateSample(s, { view: view(), error: null, leaderKey: { key: '/service/demo/leader', holder: 'pg1', ttlSeconds: 7, grantedTtlSeconds: 10, endpoint: 'http://127.0.0.1:2379' }, leaderKeyError: null });
    expect(s.warnings[0]).toMatch(/^Patroni-managed \(scope demo, Patroni 3\.0\.2/);
    expect(s.warnings).toContain('DCS leader key /service/demo/leader (etcd http://127.0.0.1:2379): held by pg1, lease 7 s left of 10 s; ttl 10 s, loop_wait 1 s, retry_timeout 4 s.');
    expect(s.nodes[1]?.notes).toEqual(['Patroni member pg2: replica, running, timeline 1, lag 0 bytes']);
  });

  it('without a DCS it names the leader from /cluster and says how to see the lease', () => {
    const s = sample();
    annotateSample(s, { view: view(), error: null, leaderKey: null, leaderKeyError: null });
    expect(s.warnings[1]).toMatch(/^Patroni leader key: held by pg1 \(from http:\/\/127\.0\.0\.1:6432\/cluster; ttl 10 s.*patroniDcs/);
  });

  it('tries port 8008 on each node host unless URLs are configured', () => {
    expect(candidateUrls(undefined, ['10.0.0.5:5432', '10.0.0.5:5433', '[::1]:5432', '/run/pg:5432'])).toEqual(['http://10.0.0.5:8008', 'http://[::1]:8008']);
    expect(candidateUrls(['http://a:9000/'], ['10.0.0.5:5432'])).toEqual(['http://a:9000']);
  });
});
