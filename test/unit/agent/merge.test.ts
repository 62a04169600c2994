import { describe, expect, it } from 'vitest';
import { consensusOf, mergeReports, type AgentView } from '../../../electron/drivers/agent/merge';
import type { LatestReport } from '../../../electron/drivers/agent/connection';
import type { ConsensusMember } from '../../../shared/model/consensus';
import { DEFAULT_AGENT_LIMITS } from '../../../shared/agent/limits';
import { fail } from '../../../shared/result';

const member = (nodeId: string, role: ConsensusMember['role'], term: string): ConsensusMember => ({
  nodeId,
  memberId: `m-${nodeId}`,
  role,
  term,
  commitIndex: '10',
  appliedIndex: '10',
  lastContactAt: 1,
});

function view(nodeId: string, m: ConsensusMember, status: AgentView['status'], receivedAt = 1_000): AgentView {
  const latest: LatestReport = {
    receivedAt,
    report: {
      clusterKind: 'consensus',
      node: { id: nodeId, name: nodeId, address: nodeId, role: m.role === 'leader' ? 'leader' : 'follower', status: { kind: 'up' }, version: null, lastSeenAt: receivedAt, term: m.term },
      links: [],
      slots: [],
      consensus: m,
      takenAt: receivedAt,
    },
  };
  return { url: `ws://${nodeId}`, status, latest: new Map([[nodeId, latest]]), unavailableSince: status.kind === 'ready' ? null : 1_500 };
}

const ready = (nodeId: string): AgentView['status'] => ({
  kind: 'ready',
  since: 0,
  welcome: { v: 1, type: 'welcome', agentVersion: '0.1.0', engine: 'sandbox', nodeId, capabilities: [], limits: { ...DEFAULT_AGENT_LIMITS } },
});

describe('consensus merge', () => {
  it('takes the leader with the highest term and the highest term overall (uint64 as text)', () => {
    const c = consensusOf([
      { member: member('a', 'leader', '18446744073709551614'), live: true },
      { member: member('b', 'leader', '18446744073709551615'), live: true },
      { member: member('c', 'follower', '18446744073709551615'), live: true },
    ]);
    expect(c.leaderId).toBe('b');
    expect(c.term).toBe('18446744073709551615');
  });

  it('ignores a stale leader and shows its member as unknown', () => {
    const s = mergeReports(
      'c1',
      [
        view('a', member('a', 'leader', '3'), { kind: 'backoff', retryAt: 0, lastError: fail('node-down', 'killed') }),
        view('b', member('b', 'follower', '3'), ready('b')),
        view('c', member('c', 'follower', '3'), ready('c')),
      ],
      1_200,
      5_000,
    );
    expect(s.consensus?.leaderId).toBeNull();
    expect(s.consensus?.term).toBe('3');
    expect(s.consensus?.members.find((m) => m.nodeId === 'a')?.role).toBe('unknown');
    expect(s.nodes.find((n) => n.id === 'a')?.status).toEqual({ kind: 'down', since: 1_500, reason: 'killed' });
  });

  it('a dead leader is not labelled leader in the topology either (issue 10): its node role is unknown', () => {
    const s = mergeReports(
      'c1',
      [
        view('a', member('a', 'leader', '3'), { kind: 'backoff', retryAt: 0, lastError: fail('node-down', 'killed') }),
        view('b', member('b', 'follower', '3'), ready('b')),
      ],
      1_200,
      5_000,
    );
    expect(s.nodes.map((n) => [n.id, n.role])).toEqual([['a', 'unknown'], ['b', 'follower']]);
    expect(s.consensus?.leaderId).toBeNull();
  });

  it('marks a ready agent whose reports stopped as unreachable, and warns about agents never heard from', () => {
    const never: AgentView = { url: 'ws://x', status: { kind: 'backoff', retryAt: 0, lastError: fail('unreachable', 'refused') }, latest: new Map(), unavailableSince: 0 };
    const s = mergeReports('c1', [view('a', member('a', 'leader', '2'), ready('a'), 1_000), never], 20_000, 5_000);
    expect(s.nodes[0]?.status.kind).toBe('unreachable');
    expect(s.warnings).toEqual(['no report yet from ws://x: refused']);
    expect(s.consensus?.leaderId).toBeNull();
  });
});
