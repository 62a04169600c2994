import { describe, expect, it } from 'vitest';
import { clusterHeadline, type HeadlineInput } from '../../../electron/core/cluster-state/headline';
import type { NodeActions } from '../../../shared/model/action';
import type { ClusterNode } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import { link, node } from '../../support/fake-driver';

const limits = { lagThresholdBytes: 1_000, lagThresholdMs: 1_000 };
const named = (id: string, role: ClusterNode['role'], over: Partial<ClusterNode> = {}): ClusterNode => ({ ...node(id, role), name: id.replace('127.0.0.1:', 'n'), ...over });
const down = (since: number) => ({ kind: 'down' as const, since, reason: 'its standbys lost it' });
const unreachable = (since: number) => ({ kind: 'unreachable' as const, since, reason: 'its standbys still stream from it' });
const sample = (nodes: ClusterNode[], over: Partial<ClusterSample> = {}): ClusterSample => ({
  clusterId: 'c', takenAt: 20_000, durationMs: 1, nodes, links: [], slots: [], consensus: null, queriesPerNode: 1, warnings: [], ...over,
});
const failoverOn = (...ids: string[]): NodeActions[] => ids.map((nodeId) => ({ nodeId, actions: [{ kind: 'failover', available: true, why: null }] }));
const input = (s: ClusterSample, over: Partial<HeadlineInput> = {}): HeadlineInput => ({ sample: s, kind: 'primary-replica', available: [], limits, previous: null, ...over });

const P = '127.0.0.1:1';
const R2 = '127.0.0.1:2';
const R3 = '127.0.0.1:3';

describe('clusterHeadline: primary/replica', () => {
  it('is healthy with one writable primary, replicas up and lag under the limits', () => {
    const h = clusterHeadline(input(sample([named(P, 'primary'), named(R2, 'replica')], { links: [link(P, R2, 10)] })));
    expect(h.state).toBe('healthy');
    expect(h.suggestion).toBeNull();
  });

  it('is degraded when a replica is down, naming it', () => {
    const h = clusterHeadline(input(sample([named(P, 'primary'), named(R2, 'replica', { status: down(5_000) })])));
    expect(h).toMatchObject({ state: 'degraded', nodes: ['n2'], since: 5_000 });
  });

  it('is degraded when a link lags past its limit', () => {
    const h = clusterHeadline(input(sample([named(P, 'primary'), named(R2, 'replica')], { links: [link(P, R2, 5_000)] })));
    expect(h.state).toBe('degraded');
    expect(h.title).toContain('n2 lag');
  });

  it('primary down: suggests failing over to the best-placed replica the driver offers, with its lag', () => {
    const nodes = [
      named(P, 'primary', { status: down(8_000) }),
      named(R2, 'replica', { position: '0/3000000' }),
      named(R3, 'replica', { position: '0/3000060' }),
    ];
    const h = clusterHeadline(input(sample(nodes), { available: failoverOn(R2, R3) }));
    expect(h).toMatchObject({ state: 'primary-down', title: 'primary n1 down', since: 8_000, nodes: ['n1'], nodeIds: [P] });
    expect(h.suggestion).toEqual({ kind: 'failover', target: R3, text: 'fail over to n3, ranked first: lag 0 B' });
  });

  it('primary down: on equal positions proposes the direct replica, whatever the link lag says (no flip between samples)', () => {
    const nodes = [
      named(P, 'primary', { status: down(8_000) }),
      named(R3, 'cascading-replica', { position: '0/3000060' }),
      named(R2, 'replica', { position: '0/3000060' }),
    ];
    // The cascading link is fresh (0 B); the direct one last reported lag from the dead primary.
    const links = [link(P, R2, 500), link(R2, R3, 0)];
    const h = clusterHeadline(input(sample(nodes, { links }), { available: failoverOn(R2, R3) }));
    expect(h.suggestion).toMatchObject({ kind: 'failover', target: R2 });
  });

  it('primary down: proposes only a replica the driver offers failover on', () => {
    const nodes = [named(P, 'primary', { status: down(8_000) }), named(R2, 'replica', { position: '0/3000060' }), named(R3, 'replica', { position: '0/3000000' })];
    const h = clusterHeadline(input(sample(nodes), { available: failoverOn(R3) }));
    expect(h.suggestion).toMatchObject({ kind: 'failover', target: R3, text: 'fail over to n3, ranked first: lag 96 B' });
  });

  it('primary unreachable (replicas still stream) is not primary down, and proposes no failover', () => {
    const nodes = [named(P, 'primary', { status: unreachable(9_000) }), named(R2, 'replica')];
    const h = clusterHeadline(input(sample(nodes, { links: [link(P, R2, 0)] }), { available: failoverOn(R2) }));
    expect(h.state).toBe('primary-unreachable');
    expect(h.suggestion?.kind).toBeNull();
    expect(h.suggestion?.text).toContain('still stream');
  });

  it('split brain: two primaries that accept writes', () => {
    const h = clusterHeadline(input(sample([named(P, 'primary'), named(R2, 'primary')])));
    expect(h).toMatchObject({ state: 'split-brain', nodes: ['n1', 'n2'] });
  });

  it('a fenced old primary beside a writable one is awaiting rejoin, not split brain', () => {
    const nodes = [named(P, 'primary', { readOnly: true }), named(R2, 'primary'), named(R3, 'replica')];
    const h = clusterHeadline(input(sample(nodes)));
    expect(h.state).toBe('fenced-old-primary');
    expect(h.nodes).toEqual(['n1', 'n2']);
    expect(h.suggestion?.text).toContain('rejoin n1 as a standby of n2');
  });

  it('no writable primary: the only primary is fenced; proposes unfencing when offered', () => {
    const nodes = [named(P, 'primary', { readOnly: true }), named(R2, 'replica')];
    const offered: NodeActions[] = [{ nodeId: P, actions: [{ kind: 'unfence', available: true, why: null }] }];
    const h = clusterHeadline(input(sample(nodes), { available: offered }));
    expect(h.state).toBe('no-writable-primary');
    expect(h.suggestion).toMatchObject({ kind: 'unfence', target: P });
  });

  it('two fenced primaries: proposes unfencing the one on the newest timeline, never the old side (trial 21)', () => {
    const nodes = [named(P, 'primary', { readOnly: true, timeline: 1 }), named(R2, 'primary', { readOnly: true, timeline: 2 }), named(R3, 'replica')];
    const offered: NodeActions[] = [{ nodeId: R2, actions: [{ kind: 'unfence', available: true, why: null }] }, { nodeId: P, actions: [{ kind: 'unfence', available: false, why: 'older timeline' }] }];
    const h = clusterHeadline(input(sample(nodes), { available: offered }));
    expect(h.state).toBe('no-writable-primary');
    expect(h.suggestion).toMatchObject({ kind: 'unfence', target: R2, text: 'unfence n2' });
  });

  it('keeps `since` while the state and its nodes hold, and restarts it when they change', () => {
    const s1 = sample([named(P, 'primary'), named(R2, 'primary')], { takenAt: 1_000 });
    const first = clusterHeadline(input(s1));
    const again = clusterHeadline(input({ ...s1, takenAt: 3_000 }, { previous: first }));
    expect(again).toMatchObject({ since: 1_000, asOf: 3_000 });
    const healed = clusterHeadline(input(sample([named(P, 'primary'), named(R2, 'replica')], { takenAt: 4_000 }), { previous: again }));
    expect(healed).toMatchObject({ state: 'healthy', since: 4_000 });
  });
});

describe('clusterHeadline: consensus and multi-primary', () => {
  const members = (leader: string | null) => ({
    leaderId: leader,
    term: '3',
    members: ['a', 'b', 'c'].map((id) => ({ nodeId: id, memberId: id, role: id === leader ? ('leader' as const) : ('follower' as const), term: '3', commitIndex: '1', appliedIndex: '1', lastContactAt: null })),
  });
  it('is healthy with a live leader, degraded with a follower down, no-leader with the leader down', () => {
    const up = sample([node('a', 'leader'), node('b', 'follower'), node('c', 'follower')], { consensus: members('a') });
    expect(clusterHeadline(input(up, { kind: 'consensus' })).state).toBe('healthy');
    const followerDown = sample([node('a', 'leader'), node('b', 'follower', down(1)), node('c', 'follower')], { consensus: members('a') });
    expect(clusterHeadline(input(followerDown, { kind: 'consensus' })).state).toBe('degraded');
    const leaderDown = sample([node('a', 'leader', down(1)), node('b', 'follower'), node('c', 'follower')], { consensus: members('a') });
    expect(clusterHeadline(input(leaderDown, { kind: 'consensus' }))).toMatchObject({ state: 'no-leader', nodes: ['a'] });
  });
  it('multi-primary: healthy, or degraded with a peer down', () => {
    expect(clusterHeadline(input(sample([node('a', 'peer'), node('b', 'peer')]), { kind: 'multi-primary' })).state).toBe('healthy');
    expect(clusterHeadline(input(sample([node('a', 'peer'), node('b', 'peer', unreachable(1))]), { kind: 'multi-primary' })).state).toBe('degraded');
  });
});
