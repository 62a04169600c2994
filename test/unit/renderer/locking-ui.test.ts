import { beforeEach, describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../shared/ipc/api';
import type { LockingSnapshot, NodeLocking, PreparedXact, Session } from '../../../shared/model/locking';
import { fail, ok } from '../../../shared/result';
import { limitsFromSeconds, truncateQuery, waitLabel } from '../../../renderer/features/locking/format';
import { cellLabel, inDoubtOverAge, inDoubtRows } from '../../../renderer/features/locking/rows';
import { chainOverLimit, chainTree, chainViews, flattenTree, longestWaitMs, treeSize } from '../../../renderer/features/locking/tree';
import { limitsSaveOf, setPollFailure, setSnapshot, useLocking, viewOf } from '../../../renderer/features/locking/store';
import { planLockingAction, fetchLocking, saveLimits } from '../../../renderer/features/locking/commands';
import { fakeApi, resetActionStores } from './action-fixtures';
import { eventsToNotify } from '../../../renderer/features/locking/notify';
import type { ClusterEvent } from '../../../shared/model/event';

const limits = { preparedAgeMs: 60_000, chainWaitMs: 30_000 };

function session(pid: number, over: Partial<Session> = {}): Session {
  return {
    nodeId: 'p',
    pid,
    user: 'app',
    database: 'db',
    application: 'psql',
    client: null,
    state: 'active',
    waitEventType: 'Lock',
    waitEvent: 'transactionid',
    query: `UPDATE t SET v = ${pid}`,
    backendStartedAt: 0,
    xactStartedAt: 1_000,
    queryStartedAt: 1_000,
    stateChangedAt: 1_000,
    blockedBy: [],
    blockedByPrepared: [],
    ...over,
  };
}

function prepared(gid: string, nodeId: string, over: Partial<PreparedXact> = {}): PreparedXact {
  return { nodeId, gid, xid: '900', preparedAt: 500, owner: 'postgres', database: 'db', xidAge: 12, holdsXminHorizon: false, locks: [], blocks: [], ...over };
}

function node(nodeId: string, over: Partial<NodeLocking> = {}): NodeLocking {
  return { nodeId, readAt: 0, error: null, inRecovery: false, maxPrepared: 10, prepared: [], sessions: [], standbyConflicts: [], ...over };
}

function snapshot(over: Partial<LockingSnapshot> = {}): LockingSnapshot {
  return { clusterId: 'c1', takenAt: 2_000, limits, nodes: [], inDoubt: [], chains: [], ...over };
}

describe('blocking tree', () => {
  // 10 (root) ← 11 ← 12, 10 ← 13; 14 waits on 11 and 13 (shown once); 15 ↔ 16 a cycle behind 12.
  const sessions = [
    session(10, { state: 'idle in transaction', waitEventType: null, waitEvent: null }),
    session(11, { blockedBy: [10] }),
    session(12, { blockedBy: [11] }),
    session(13, { blockedBy: [10] }),
    session(14, { blockedBy: [11, 13] }),
    session(15, { blockedBy: [12, 16] }),
    session(16, { blockedBy: [15] }),
  ];

  it('builds the tree with directWaiters: each session once, cycles cut', () => {
    const tree = chainTree(sessions, { kind: 'session', pid: 10 });
    const rows = flattenTree(tree).map((r) => `${r.session.pid}@${r.depth}`);
    expect(rows).toEqual(['11@1', '12@2', '15@3', '16@4', '14@2', '13@1']);
    expect(treeSize(tree)).toBe(6);
  });

  it('never lists the root session under itself', () => {
    const loop = [session(1, { blockedBy: [2] }), session(2, { blockedBy: [1] })];
    expect(flattenTree(chainTree(loop, { kind: 'session', pid: 1 })).map((r) => r.session.pid)).toEqual([2]);
  });

  it('roots a prepared transaction by gid, with its PreparedXact, and ticks the longest wait', () => {
    const px = prepared('g1', 'p', { blocks: [20] });
    const snap = snapshot({
      nodes: [node('p', { prepared: [px], sessions: [session(20, { blockedByPrepared: ['g1'], queryStartedAt: 1_000 }), session(21, { blockedBy: [20], queryStartedAt: 1_500 })] })],
      chains: [{ nodeId: 'p', root: { kind: 'prepared', gid: 'g1' }, waiting: [20, 21], longestWaitMs: 1_000, overLimit: false }],
    });
    const [view] = chainViews(snap);
    expect(view!.root).toEqual({ kind: 'prepared', gid: 'g1', prepared: px });
    expect(flattenTree(view!.waiters).map((r) => [r.session.pid, r.depth])).toEqual([
      [20, 1],
      [21, 2],
    ]);
    expect(longestWaitMs(view!.waiters, 11_000)).toBe(10_000);
    expect(chainOverLimit(view!, 30_000, 11_000)).toBe(false);
    expect(chainOverLimit(view!, 30_000, 31_001)).toBe(true); // the clock moved past the limit since the snapshot
    expect(chainOverLimit({ ...view!, chain: { ...view!.chain, overLimit: true } }, 30_000, 0)).toBe(true);
  });

  it('keeps a session root the node does not list (not a client backend) as a bare pid', () => {
    const snap = snapshot({ nodes: [node('p', { sessions: [session(31, { blockedBy: [30] })] })], chains: [{ nodeId: 'p', root: { kind: 'session', pid: 30 }, waiting: [31], longestWaitMs: 0, overLimit: false }] });
    expect(chainViews(snap)[0]!.root).toEqual({ kind: 'session', pid: 30, session: null });
  });
});

describe('in-doubt rows', () => {
  it('gives every node a cell: prepared (can act), standby (cannot, listed or not), resolved, absent, unread', () => {
    const snap = snapshot({
      nodes: [
        node('p', { prepared: [prepared('g1', 'p', { holdsXminHorizon: true, blocks: [20], locks: [{ locktype: 'relation', target: 't', mode: 'RowExclusiveLock', granted: true }] })] }),
        node('s', { inRecovery: true, prepared: [prepared('g1', 's', { locks: [{ locktype: 'relation', target: 't', mode: 'RowExclusiveLock', granted: true }] })] }),
        node('q'),
        node('r'),
        node('x', { error: 'connection refused' }),
        node('s2', { inRecovery: true }),
      ],
      inDoubt: [{ gid: 'g1', nodes: ['p', 's'], oldestPreparedAt: 500, missingOn: ['q'], disagreement: 'still prepared on p, s but already committed or rolled back on q', overAge: false }],
    });
    const [row] = inDoubtRows(snap);
    expect(row!.cells.map((c) => [c.nodeId, c.state, c.canAct])).toEqual([
      ['p', 'prepared', true],
      ['s', 'replaying', false],
      ['q', 'resolved', false],
      ['r', 'absent', false],
      ['x', 'unread', false],
      ['s2', 'replaying', false],
    ]);
    expect(row!.cells[4]!.note).toBe('connection refused');
    expect(row!.lead?.nodeId).toBe('p');
    // The standby's replayed copy holds no locks that anyone can act on: only the writable node's count.
    expect(row!.locks).toEqual([{ locktype: 'relation', target: 't', mode: 'RowExclusiveLock', granted: true, nodeId: 'p' }]);
    expect(row!.blocks).toEqual([{ nodeId: 'p', pid: 20 }]);
    expect(row!.holdsXminHorizon).toBe(true);
    expect(row!.cells.map((c) => cellLabel(c.state))).toEqual(['prepared', 'standby · replays', 'resolved here', 'not here', 'not read', 'standby · replays']);
  });

  it('leads with a standby copy when only standbys hold the gid', () => {
    const snap = snapshot({ nodes: [node('p'), node('s', { inRecovery: true, prepared: [prepared('g2', 's')] })], inDoubt: [{ gid: 'g2', nodes: ['s'], oldestPreparedAt: 500, missingOn: [], disagreement: null, overAge: false }] });
    const [row] = inDoubtRows(snap);
    expect(row!.lead?.nodeId).toBe('s');
    expect(row!.cells.some((c) => c.canAct)).toBe(false);
  });

  it('warns past the age limit by the clock, or when the core already did', () => {
    const entry = { gid: 'g', nodes: ['p'], oldestPreparedAt: 1_000, missingOn: [], disagreement: null, overAge: false };
    expect(inDoubtOverAge(entry, 60_000, 61_000)).toBe(false);
    expect(inDoubtOverAge(entry, 60_000, 61_001)).toBe(true);
    expect(inDoubtOverAge({ ...entry, overAge: true }, 60_000, 0)).toBe(true);
  });
});

describe('formatting', () => {
  it('truncates a query to one line', () => {
    expect(truncateQuery('SELECT\n  1')).toBe('SELECT 1');
    expect(truncateQuery('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(waitLabel('Lock', 'transactionid')).toBe('Lock: transactionid');
    expect(waitLabel(null, null)).toBe('—');
  });

  it('validates the limits with the shared schema, naming the field', () => {
    expect(limitsFromSeconds('300', '30')).toEqual({ ok: true, limits: { preparedAgeMs: 300_000, chainWaitMs: 30_000 } });
    const low = limitsFromSeconds('0.5', '30');
    expect(low.ok).toBe(false);
    expect(!low.ok && low.reason).toContain('preparedAgeMs');
    const empty = limitsFromSeconds('60', '');
    expect(!empty.ok && empty.reason).toContain('chainWaitMs');
  });
});


describe('locking store and commands', () => {
  beforeEach(() => {
    useLocking.setState({ byCluster: {}, limitsSave: {} }, true);
    resetActionStores();
  });

  it('keeps the same snapshot object when an equal one arrives, and keeps it (marked stale) when a poll fails', () => {
    setSnapshot('c1', snapshot());
    const first = viewOf(useLocking.getState(), 'c1');
    setSnapshot('c1', snapshot());
    expect(viewOf(useLocking.getState(), 'c1')).toBe(first);
    setPollFailure('c1', 'timeout', 'no answer in 5 s');
    const stale = viewOf(useLocking.getState(), 'c1');
    expect(stale).toMatchObject({ kind: 'ready', pollError: 'no answer in 5 s (timeout)' });
    expect(stale.kind === 'ready' && stale.snapshot).toBe(first.kind === 'ready' && first.snapshot);
  });

  it('shows an engine without locking as unsupported, and a first failure as failed', () => {
    setPollFailure('e1', 'not-supported', 'PostgreSQL clusters only');
    expect(viewOf(useLocking.getState(), 'e1')).toEqual({ kind: 'unsupported', reason: 'PostgreSQL clusters only' });
    setPollFailure('c2', 'unreachable', 'down');
    expect(viewOf(useLocking.getState(), 'c2')).toEqual({ kind: 'failed', reason: 'down', code: 'unreachable' });
  });

  it('reads locking:snapshot on request and never throws when the transport does', async () => {
    const { api, sent } = fakeApi({ 'locking:snapshot': () => ok(snapshot()) });
    await fetchLocking(api, 'c1', true);
    expect(sent).toEqual([['locking:snapshot', { clusterId: 'c1', fresh: true }]]);
    expect(viewOf(useLocking.getState(), 'c1').kind).toBe('ready');
    const broken: Pick<DeskApi, 'invoke'> = { invoke: (async () => Promise.reject(new Error('socket closed'))) as DeskApi['invoke'] };
    await fetchLocking(broken, 'c1', false);
    expect(viewOf(useLocking.getState(), 'c1')).toMatchObject({ kind: 'ready', pollError: 'socket closed (transport)' });
  });

  it('saves limits, then reads a fresh snapshot; a refusal is shown', async () => {
    const good = fakeApi({ 'locking:setLimits': (req) => ok((req as { limits: unknown }).limits), 'locking:snapshot': () => ok(snapshot()) });
    await saveLimits(good.api, 'c1', limits);
    expect(good.sent.map(([c]) => c)).toEqual(['locking:setLimits', 'locking:snapshot']);
    expect(limitsSaveOf(useLocking.getState(), 'c1')).toEqual({ kind: 'saved', limits });
    const bad = fakeApi({ 'locking:setLimits': () => fail('invalid-payload', 'limits.chainWaitMs: too small') });
    await saveLimits(bad.api, 'c1', limits);
    expect(limitsSaveOf(useLocking.getState(), 'c1')).toEqual({ kind: 'failed', reason: 'limits.chainWaitMs: too small (invalid-payload)' });
  });

  it('plans COMMIT PREPARED and cancel through actions:plan with the gid / pid', async () => {
    const { api, sent } = fakeApi({ 'actions:plan': () => fail('boom', 'no plan') });
    await planLockingAction(api, 'c1', 'commit-prepared', 'p', { gid: 'g1' });
    await planLockingAction(api, 'c1', 'cancel-query', 'p', { pid: 42 });
    expect(sent.map(([, r]) => r)).toEqual([
      expect.objectContaining({ clusterId: 'c1', kind: 'commit-prepared', target: 'p', gid: 'g1' }),
      expect.objectContaining({ clusterId: 'c1', kind: 'cancel-query', target: 'p', pid: 42 }),
    ]);
  });
});

describe('locking notifications', () => {
  const ev = (id: string, over: Partial<ClusterEvent>): ClusterEvent => ({ id, clusterId: 'c1', at: 10_000, kind: 'in-doubt-transaction', severity: 'warning', nodeId: 'p', message: id, ...over });
  it('notifies new warning/critical in-doubt and chain events only, once, and not old ones reloaded', () => {
    const events = [
      ev('a', {}),
      ev('b', { kind: 'blocking-chain', severity: 'critical' }),
      ev('c', { severity: 'info' }),
      ev('d', { kind: 'lag-threshold' }),
      ev('e', { at: 1_000 }),
      ev('f', {}),
    ];
    expect(eventsToNotify(events, new Set(['f']), 5_000).map((e) => e.id)).toEqual(['a', 'b']);
  });
});
