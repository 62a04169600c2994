import { describe, expect, it } from 'vitest';
import { buildSample, electedLeader } from '../../../../electron/drivers/etcd/build-sample';
import type { SampleInput } from '../../../../electron/drivers/etcd/member-reading';
import { ClusterSampleSchema } from '../../../../shared/model/sample';
import { A, B, C, failedView, readView, status } from './fixtures';

function input(views: SampleInput['views'], over: Partial<SampleInput> = {}): SampleInput {
  return { clusterId: 'c', takenAt: 1_000, durationMs: 5, views, alarms: new Map(), queriesPerNode: 5 / 3, warnings: [], ...over };
}

const healthy = () => [
  readView(A, 'm1', status({ member: A })),
  readView(B, 'm2', status({ member: B })),
  readView(C, 'm3', status({ member: C, raftAppliedIndex: '7' })),
];

describe('etcd status → ClusterSample', () => {
  it('maps a healthy cluster: one leader, followers, Raft positions as strings', () => {
    const s = buildSample(input(healthy()));
    expect(ClusterSampleSchema.parse(s)).toEqual(s);
    expect(s.nodes.map((n) => [n.name, n.role, n.status.kind, n.term])).toEqual([
      ['m1', 'leader', 'up', '2'],
      ['m2', 'follower', 'up', '2'],
      ['m3', 'follower', 'up', '2'],
    ]);
    expect(s.nodes[0]?.id).toBe(A);
    expect(s.consensus).toMatchObject({ leaderId: A, term: '2' });
    expect(s.consensus?.members[2]).toMatchObject({ memberId: C, commitIndex: '8', appliedIndex: '7', dbSizeBytes: 20480, lastContactAt: 1_000, alarms: [] });
    expect(s.links).toEqual([]);
    expect(s.warnings).toEqual([]);
  });

  it('takes the leader from the member with the highest term during an election', () => {
    const views = [
      readView(A, 'm1', status({ member: A, leader: A, raftTerm: '2' })),
      readView(B, 'm2', status({ member: B, leader: B, raftTerm: '3' })),
      readView(C, 'm3', status({ member: C, leader: '0', raftTerm: '3' })),
    ];
    expect(electedLeader(views)).toEqual({ leaderId: B, term: '3' });
    const s = buildSample(input(views));
    expect(s.nodes.map((n) => n.role)).toEqual(['follower', 'leader', 'candidate']);
    expect(s.nodes[2]?.status).toMatchObject({ kind: 'degraded', reason: expect.stringMatching(/sees no leader/) });
    expect(s.warnings.join(' ')).toMatch(/disagree about the leader/);
  });

  it('compares terms as uint64, not as text or doubles', () => {
    const views = [
      readView(A, 'm1', status({ member: A, leader: A, raftTerm: '9' })),
      readView(B, 'm2', status({ member: B, leader: B, raftTerm: '10' })),
    ];
    expect(electedLeader(views).leaderId).toBe(B);
  });

  it('shows an unreachable member with its last known term and index, and our last contact', () => {
    const last = status({ member: A, raftIndex: '5', raftAppliedIndex: '5' });
    const views = [failedView(A, 'm1', last), readView(B, 'm2', status({ member: B, leader: B, raftTerm: '3' })), readView(C, 'm3', status({ member: C, leader: B, raftTerm: '3' }))];
    const s = buildSample(input(views));
    expect(s.nodes[0]).toMatchObject({ role: 'unknown', status: { kind: 'unreachable', since: 900 }, term: null, lastSeenAt: 800, version: '3.4.23' });
    expect(s.consensus?.members[0]).toMatchObject({ role: 'unknown', term: '2', commitIndex: '5', lastContactAt: 800 });
    expect(s.consensus).toMatchObject({ leaderId: B, term: '3' });
    expect(s.warnings).toEqual([]);
  });

  it('keeps an unreachable member as leader while the others still follow it', () => {
    const views = [failedView(A, 'm1', null), readView(B, 'm2', status({ member: B })), readView(C, 'm3', status({ member: C }))];
    const s = buildSample(input(views));
    expect(s.nodes[0]).toMatchObject({ role: 'leader', status: { kind: 'unreachable' } });
    expect(s.consensus?.members[0]).toMatchObject({ term: '0', commitIndex: '0', lastContactAt: null, dbSizeBytes: null });
  });

  it('warns when fewer than a quorum answer', () => {
    const views = [failedView(A, 'm1', null), failedView(B, 'm2', null), readView(C, 'm3', status({ member: C, leader: '0' }))];
    const s = buildSample(input(views));
    expect(s.consensus?.leaderId).toBeNull();
    expect(s.warnings.join(' ')).toMatch(/only 1 of 3 voting members/);
    expect(s.warnings.join(' ')).toMatch(/no member reports a leader/);
  });

  it('marks alarms and member errors as degraded, and lists them', () => {
    const views = [readView(A, 'm1', status({ member: A, errors: ['etcdserver: mvcc: database space exceeded'] })), readView(B, 'm2', status({ member: B }))];
    const s = buildSample(input(views, { alarms: new Map([[B, ['NOSPACE']]]) }));
    expect(s.nodes[0]?.status).toEqual({ kind: 'degraded', reason: 'etcdserver: mvcc: database space exceeded' });
    expect(s.nodes[1]?.status).toMatchObject({ kind: 'degraded', reason: expect.stringMatching(/^alarm NOSPACE raised: the keyspace is read-only/) });
    expect(s.consensus?.members[1]?.alarms).toEqual(['NOSPACE']);
    expect(s.warnings).toContain('member 9133601b4bcee56a has alarm NOSPACE');
  });

  it('marks learners as non-voting followers', () => {
    const views = healthy();
    views[2] = { ...views[2]!, member: { ...views[2]!.member, isLearner: true } };
    const s = buildSample(input(views));
    expect(s.nodes[2]?.role).toBe('follower');
    expect(s.consensus?.members[2]?.role).toBe('learner');
    expect(s.nodes[2]?.notes).toContain('learner: receives the log but does not vote');
  });
});
