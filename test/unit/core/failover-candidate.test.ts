import { describe, expect, it } from 'vitest';
import { clusterHeadline, type HeadlineInput } from '../../../electron/core/cluster-state/headline';
import { rankFailoverCandidates } from '../../../electron/core/cluster-state/candidate';
import type { NodeActions } from '../../../shared/model/action';
import type { ReplicationLink } from '../../../shared/model/link';
import type { ClusterNode } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import { link, node } from '../../support/fake-driver';

// The trial of 2026-12-07 (F3): IO thread stopped on two MariaDB replicas, 5 rows written, primary killed -9.
const P = '127.0.0.1:38133';
const A = '127.0.0.1:34061'; // IO stopped: 5 transactions short
const B = '127.0.0.1:44299'; // IO stopped: 5 transactions short
const C = '127.0.0.1:45737'; // has everything
const limits = { lagThresholdBytes: 1_000, lagThresholdMs: 1_000 };
const down = { kind: 'down' as const, since: 1_000, reason: 'all 3 replica(s) lost their IO thread to it' };
const unreachable = { kind: 'unreachable' as const, since: 1_000, reason: 'connect ECONNREFUSED' };
const failoverOn = (...ids: string[]): NodeActions[] => ids.map((nodeId) => ({ nodeId, actions: [{ kind: 'failover', available: true, why: null }] }));
const named = (id: string, role: ClusterNode['role'], over: Partial<ClusterNode> = {}): ClusterNode => ({ ...node(id, role), name: id, ...over });
/** A MariaDB link: bytes 0 (the primary's binlog offset was not read), GTID distance as given (null: source not read). */
const mdbLink = (to: string, state: ReplicationLink['state'], behind: number | null): ReplicationLink => {
  const l = link(P, to, 0);
  return { ...l, state, lag: { ...l.lag, bytes: { sent: null, write: null, flush: null, replay: 0 }, transactions: behind === null ? null : { behind, perDomain: { '0': behind } } } };
};
const sample = (nodes: ClusterNode[], links: ReplicationLink[]): ClusterSample => ({
  clusterId: 'c', takenAt: 20_000, durationMs: 1, nodes, links, slots: [], consensus: null, queriesPerNode: 1, warnings: [],
});
const input = (s: ClusterSample, available: NodeActions[]): HeadlineInput => ({ sample: s, kind: 'primary-replica', available, limits, previous: null });

describe('failover candidate ranking (MariaDB-like samples)', () => {
  it('F3: primary dead, GTID distance unknown, bytes 0: proposes the replica with every transaction, never "lag 0 B"', () => {
    const nodes = [
      named(P, 'primary', { status: down, position: null }),
      named(A, 'replica', { position: '0-1-100' }),
      named(B, 'replica', { position: '0-1-100' }),
      named(C, 'replica', { position: '0-1-105' }),
    ];
    const links = [mdbLink(A, 'stopped', null), mdbLink(B, 'stopped', null), mdbLink(C, 'broken', null)];
    const h = clusterHeadline(input(sample(nodes, links), failoverOn(A, B, C)));
    expect(h.state).toBe('primary-down');
    expect(h.suggestion).toEqual({ kind: 'failover', target: C, text: `fail over to ${C}, ranked first: 0 transactions behind the furthest GTID position reported` });
    const ranked = rankFailoverCandidates(sample(nodes, links), failoverOn(A, B, C));
    expect(ranked.map((r) => [r.node.id, r.behind])).toEqual([[C, 0n], [A, 5n], [B, 5n]]);
  });

  it('ranks by each link’s GTID distance when every candidate’s link knows it (bytes 0 everywhere)', () => {
    // A fenced primary that still answers: no writable primary, the driver offers failover.
    const nodes = [named(P, 'primary', { readOnly: true }), named(A, 'replica', { position: null }), named(C, 'replica', { position: null })];
    const links = [mdbLink(A, 'stopped', 5), mdbLink(C, 'streaming', 0)];
    const h = clusterHeadline(input(sample(nodes, links), failoverOn(A, C)));
    expect(h.suggestion).toEqual({ kind: 'failover', target: C, text: `fail over to ${C}, ranked first: 0 transactions behind the primary (GTID distance)` });
  });

  it('GTID positions are compared per domain, summing what each lacks', () => {
    const nodes = [
      named(P, 'primary', { status: down }),
      named(A, 'replica', { position: '0-1-105,1-2-3' }),
      named(C, 'replica', { position: '1-2-10,0-1-104' }),
    ];
    const ranked = rankFailoverCandidates(sample(nodes, []), failoverOn(A, C));
    expect(ranked.map((r) => [r.node.id, r.behind, r.by])).toEqual([[C, 1n, 'gtid'], [A, 7n, 'gtid']]);
  });

  it('with nothing to compare says so, and claims no lag', () => {
    const nodes = [named(P, 'primary', { status: down }), named(C, 'replica', { position: null }), named(A, 'replica', { position: '' })];
    const h = clusterHeadline(input(sample(nodes, [mdbLink(A, 'stopped', null), mdbLink(C, 'broken', null)]), failoverOn(A, C)));
    expect(h.suggestion).toEqual({ kind: 'failover', target: A, text: `fail over to ${A}, ranked first: no position to compare (first by name)` });
  });

  it('a stale last position of the dead primary counts in "furthest" but does not change the order', () => {
    const nodes = [named(P, 'primary', { status: down, position: '0-1-90' }), named(A, 'replica', { position: '0-1-100' }), named(C, 'replica', { position: '0-1-105' })];
    const ranked = rankFailoverCandidates(sample(nodes, []), failoverOn(A, C));
    expect(ranked.map((r) => [r.node.id, r.behind])).toEqual([[C, 0n], [A, 5n]]);
  });
});

describe('primary unreachable (F5)', () => {
  it('does not claim its replicas stream from it when none ReplicaDesk reads does', () => {
    const dead = { kind: 'unreachable' as const, since: 1_000, reason: 'connect ECONNREFUSED' };
    const nodes = [named(P, 'primary', { status: unreachable }), named(A, 'replica', { status: dead }), named(C, 'replica', { status: dead })];
    const h = clusterHeadline(input(sample(nodes, [mdbLink(A, 'streaming', null), mdbLink(C, 'streaming', null)]), []));
    // No node answers at all: a full outage is red (headline-no-server-answers.test.ts), never "its replicas still stream".
    expect(h.state).toBe('no-server-answers');
    expect(h.suggestion?.kind).toBeNull();
    expect(h.suggestion?.text).not.toContain('still stream');
    // The nodes' own reasons name the cause (trial 21: a refused login showed only "check whether the servers run").
    expect(h.suggestion?.text).toMatch(/^check whether the servers are running and whether ReplicaDesk can reach them and log in; \S+: connect ECONNREFUSED$/);
  });

  it('still says so when a live replica streams from it', () => {
    const nodes = [named(P, 'primary', { status: unreachable }), named(A, 'replica')];
    const h = clusterHeadline(input(sample(nodes, [mdbLink(A, 'streaming', null)]), []));
    expect(h.suggestion?.text).toContain('its replicas still stream from it');
  });
});
