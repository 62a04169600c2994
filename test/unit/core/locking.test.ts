import { describe, expect, it } from 'vitest';
import type { NodeLocking, PreparedXact, Session } from '../../../shared/model/locking';
import { allWaiters, blockingRoots } from '../../../shared/locking/blocking-tree';
import { buildSnapshot } from '../../../electron/core/locking/build-snapshot';
import { GidMemory } from '../../../electron/core/locking/gid-memory';
import { LockingAlerts } from '../../../electron/core/locking/locking-alerts';
import { DEFAULT_LIMITS } from '../../../electron/core/locking/limits-store';
import { lockingStepId, lockingStepSql, parseLockingStep } from '../../../electron/drivers/postgres/locking/locking-steps';
import { parseLocking, UNMATCHED_PREPARED } from '../../../electron/drivers/postgres/locking/parse-locking';

const session = (pid: number, blockedBy: number[] = [], blockedByPrepared: string[] = [], queryStartedAt = 0): Session => ({
  nodeId: 'n1', pid, user: 'u', database: 'db', application: '', client: null, state: 'active', waitEventType: 'Lock', waitEvent: 'relation',
  query: `q${pid}`, backendStartedAt: 0, xactStartedAt: 0, queryStartedAt, stateChangedAt: 0, blockedBy, blockedByPrepared,
});
const prepared = (gid: string, nodeId: string, blocks: number[] = [], preparedAt = 0): PreparedXact => ({
  nodeId, gid, xid: '7', preparedAt, owner: 'o', database: 'db', xidAge: 1, holdsXminHorizon: false, locks: [], blocks,
});
const node = (nodeId: string, parts: Partial<NodeLocking> = {}): NodeLocking => ({
  nodeId, readAt: 0, error: null, inRecovery: false, maxPrepared: 10, prepared: [], sessions: [], standbyConflicts: [], ...parts,
});

describe('blocking trees', () => {
  it('roots a chain at the free blocker, follows soft blocks, and lists waiters breadth first', () => {
    const n = node('n1', { sessions: [session(2, [1]), session(3, [2]), session(4, [3]), session(9, [8])] });
    expect(blockingRoots(n)).toEqual([{ kind: 'session', pid: 1 }, { kind: 'session', pid: 8 }]);
    expect(allWaiters(n.sessions, { kind: 'session', pid: 1 }).map((s) => s.pid)).toEqual([2, 3, 4]);
  });

  it('roots at a prepared transaction (pid 0) and still shows a deadlock cycle once', () => {
    const n = node('n1', { prepared: [prepared('g', 'n1', [5])], sessions: [session(5, [], ['g']), session(6, [7]), session(7, [6])] });
    expect(blockingRoots(n)).toEqual([{ kind: 'prepared', gid: 'g' }, { kind: 'session', pid: 6 }]);
    expect(allWaiters(n.sessions, { kind: 'session', pid: 6 }).map((s) => s.pid)).toEqual([7]);
  });
});

describe('in-doubt rows', () => {
  it('groups one gid across nodes and says when nodes disagree, but not about a standby still replaying', () => {
    const mem = new GidMemory();
    const both = [node('a', { prepared: [prepared('x', 'a')] }), node('b', { prepared: [prepared('x', 'b')] })];
    let snap = buildSnapshot('c', both, mem.update(both), DEFAULT_LIMITS, 1_000);
    expect(snap.inDoubt).toEqual([expect.objectContaining({ gid: 'x', nodes: ['a', 'b'], disagreement: null, overAge: false })]);
    const onlyA = [node('a', { prepared: [prepared('x', 'a')] }), node('b'), node('s', { inRecovery: true, prepared: [prepared('y', 's')] })];
    snap = buildSnapshot('c', onlyA, mem.update(onlyA), DEFAULT_LIMITS, 10 * 60_000);
    expect(snap.inDoubt.find((r) => r.gid === 'x')).toMatchObject({ missingOn: ['b'], disagreement: expect.stringContaining('already committed or rolled back on b'), overAge: true });
    expect(snap.inDoubt.find((r) => r.gid === 'y')).toMatchObject({ missingOn: [], disagreement: null });
  });

  it('raises each alert once per crossing', () => {
    const alerts = new LockingAlerts();
    const limits = { preparedAgeMs: 1_000, chainWaitMs: 1_000 };
    const nodes = [node('a', { prepared: [prepared('x', 'a', [5])], sessions: [session(5, [], ['x'], 0)] })];
    const at = (now: number) => buildSnapshot('c', nodes, new Map(), limits, now);
    expect(alerts.next(at(500))).toEqual([]);
    expect(alerts.next(at(2_000)).map((e) => e.kind)).toEqual(['in-doubt-transaction', 'blocking-chain']);
    expect(alerts.next(at(3_000))).toEqual([]);
  });
});

describe('locking steps and readings', () => {
  it('round-trips step ids whatever the gid holds, and leaves its quoting to the server (format %L, a bind parameter)', () => {
    const step = { op: 'commit-prepared' as const, node: '127.0.0.1:5432', database: 'my~db', gid: "o'brien~%7E" };
    expect(parseLockingStep(lockingStepId(step))).toEqual(step);
    expect(lockingStepSql(step)).toBe(`SELECT format('COMMIT PREPARED %L', $1::text) AS stmt -- $1 = "o'brien~%7E"; then runs the statement it returns`);
    const sig = { op: 'terminate-session' as const, node: 'n', pid: 42, backendStartUs: '1700000000123456' };
    expect(parseLockingStep(lockingStepId(sig))).toEqual(sig);
    expect(parseLockingStep('terminate-session~n~42~1; DROP TABLE t')).toBeNull();
  });

  it('shifts server times onto the app clock and keeps an unmatched prepared blocker visible', () => {
    const row = { server_now: 1_000, in_recovery: false, max_prepared: 5, prepared: [], standby_conflicts: [],
      sessions: [{ pid: 3, user: 'u', database: 'd', application: null, client: null, state: 'active', wait_type: 'Lock', wait: 'tuple', query: 'x',
        backend_start: 400, xact_start: 500, query_start: 600, state_change: 600, blocked_by: [0, 2], blocked_by_prepared: [] }] };
    const r = parseLocking('n', row, 5_000);
    expect(r.ok && r.value.sessions[0]).toMatchObject({ queryStartedAt: 4_600, blockedBy: [2], blockedByPrepared: [UNMATCHED_PREPARED] });
    expect(parseLocking('n', { nope: 1 }, 0).ok).toBe(false);
  });
});
