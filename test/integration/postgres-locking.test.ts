import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import type { Logger } from '../../electron/core/logger';
import type { ClusterDriver, LockingReadable } from '../../electron/core/driver';
import { resolveDriver } from '../../electron/drivers';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { ActionRun } from '../../shared/ipc/actions';
import type { LockingSnapshot, NodeLocking } from '../../shared/model/locking';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { waitUntil } from '../harness/pg-query';
import { openSession, settledWithin, type TestSession } from '../harness/pg-sessions';
import { postgresDriver } from '../harness/pg-driver';
import { createMonitorRole } from '../harness/pg-roles';

/**
 * In-doubt transactions and blocking chains on a real PG15 primary + standby,
 * through the app core's handlers: what the panel reads, and COMMIT PREPARED,
 * cancel and terminate run as planned, confirmed and audited actions.
 */
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const NAME = 'locks-test';
let cluster: PgCluster;
let core: AppCore;
let dir: string;
let clusterId = '';
const sessions: TestSession[] = [];

async function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await core.handle(channel, req);
  if (!r.ok) throw new Error(`${channel} failed: ${r.code}: ${r.reason}`);
  return r.value as ResponseOf<C>;
}

async function snapshotWhere(what: string, check: (s: LockingSnapshot) => boolean, timeoutMs = 10_000): Promise<LockingSnapshot> {
  let last: LockingSnapshot | null = null;
  await waitUntil(async () => check((last = await call('locking:snapshot', { clusterId, fresh: true }))), what, timeoutMs).catch((e: Error) => {
    throw new Error(`${e.message}; last snapshot: ${JSON.stringify(last, null, 1).slice(0, 3000)}`);
  });
  return last!;
}

const primaryId = () => `127.0.0.1:${cluster.node('primary').port}`;
const primaryOf = (s: LockingSnapshot): NodeLocking => s.nodes.find((n) => n.nodeId === primaryId())!;

async function session(): Promise<TestSession> {
  const s = await openSession(cluster.connectionString('primary'));
  sessions.push(s);
  return s;
}

/** Plans, confirms with the cluster's name, and waits until the action has ended. */
async function act(req: RequestOf<'actions:plan'>): Promise<{ planned: ActionRun; ended: ActionRun }> {
  const planned = await call('actions:plan', req);
  await call('actions:execute', { planId: planned.plan.id, confirmName: NAME });
  let ended: ActionRun | undefined;
  await waitUntil(async () => {
    ended = (await call('actions:list', { clusterId })).find((r) => r.plan.id === planned.plan.id && r.status !== 'running');
    return ended !== undefined;
  }, `${req.kind} to end`);
  return { planned, ended: ended! };
}

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 1, settings: { max_prepared_transactions: 10, max_standby_streaming_delay: '0' } });
  await cluster.query('primary', 'CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1), (2, 2); CREATE TABLE u (id int PRIMARY KEY, v int); INSERT INTO u VALUES (1, 1)');
  dir = mkdtempSync(path.join(tmpdir(), 'rd-locks-'));
  core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: quiet, deltaFlushMs: 50, lockingIntervalMs: 300 });
  const added = await call('clusters:add', { engine: 'postgres', name: NAME, seeds: [cluster.connectionString('primary'), cluster.connectionString('standby1')], sampleIntervalMs: 1000 });
  clusterId = added.id;
}, 60_000);

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await core?.dispose();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an in-doubt prepared transaction with a session blocked behind it', () => {
  it('shows the gid, its locks and xmin horizon, the blocked session and the chain; COMMIT PREPARED from the app unblocks it and is audited', async () => {
    const owner = await session();
    expect(await owner.run("BEGIN; UPDATE t SET v = 10 WHERE id = 1; PREPARE TRANSACTION 'rd-commit-me'")).toBe('ok');
    const waiter = await session();
    const blocked = waiter.run('UPDATE t SET v = 11 WHERE id = 1');

    const s = await snapshotWhere('the waiter blocked behind rd-commit-me', (x) => primaryOf(x)?.sessions.some((q) => q.pid === waiter.pid && q.blockedByPrepared.includes('rd-commit-me')));
    const px = primaryOf(s).prepared.find((p) => p.gid === 'rd-commit-me')!;
    expect(px).toMatchObject({ owner: 'postgres', database: 'postgres', holdsXminHorizon: true, blocks: [waiter.pid] });
    expect(px.locks.map((l) => `${l.target}:${l.mode}`)).toEqual(expect.arrayContaining(['t:RowExclusiveLock']));
    expect(s.chains).toContainEqual(expect.objectContaining({ nodeId: primaryId(), root: { kind: 'prepared', gid: 'rd-commit-me' }, waiting: [waiter.pid] }));
    const row = s.inDoubt.find((r) => r.gid === 'rd-commit-me')!;
    expect(row.nodes).toContain(primaryId());
    expect(row.disagreement).toBeNull();
    const waiting = primaryOf(s).sessions.find((q) => q.pid === waiter.pid)!;
    expect(waiting).toMatchObject({ state: 'active', waitEventType: 'Lock', waitEvent: 'transactionid', query: 'UPDATE t SET v = 11 WHERE id = 1' });
    expect(await settledWithin(blocked, 300)).toBe('still waiting');

    const { planned, ended } = await act({ clusterId, kind: 'commit-prepared', target: primaryId(), gid: 'rd-commit-me' });
    expect(planned.plan.checks.find((c) => c.id === 'unblocks')?.explanation).toContain(`pid ${waiter.pid}`);
    expect(planned.plan.steps.map((st) => st.command.split('\n').pop())).toEqual([`SELECT format('COMMIT PREPARED %L', $1::text) AS stmt -- $1 = "rd-commit-me"; then runs the statement it returns`]);
    expect(ended.status).toBe('done');
    expect(await settledWithin(blocked, 5_000)).toBe('ok');
    expect((await cluster.query('primary', 'SELECT v FROM t WHERE id = 1'))[0]).toEqual({ v: 11 });
    await snapshotWhere('rd-commit-me gone', (x) => !x.inDoubt.some((r) => r.gid === 'rd-commit-me'));

    const audit = await call('audit:list', { clusterId });
    const entry = audit.find((a) => a.action === 'commit-prepared' && a.outcome === 'done');
    expect(entry?.params.commands).toEqual([expect.stringContaining(`format('COMMIT PREPARED %L', $1::text)`)]);
  });

  it('refuses a gid that vanished before planning, and fails clearly (nothing changed) when it vanishes between plan and run', async () => {
    const none = await call('actions:plan', { clusterId, kind: 'rollback-prepared', target: primaryId(), gid: 'never-prepared' });
    expect(none.plan.checks).toContainEqual(expect.objectContaining({ id: 'gid', ok: false, severity: 'blocker', explanation: expect.stringContaining('"never-prepared" is not prepared on') }));
    const execNone = await core.handle('actions:execute', { planId: none.plan.id, confirmName: NAME });
    expect(execNone).toMatchObject({ ok: false, code: 'preflight-failed' });

    const owner = await session();
    expect(await owner.run("BEGIN; UPDATE u SET v = 5 WHERE id = 1; PREPARE TRANSACTION 'rd-vanishes'")).toBe('ok');
    const planned = await call('actions:plan', { clusterId, kind: 'rollback-prepared', target: primaryId(), gid: 'rd-vanishes' });
    expect(planned.plan.checks.every((c) => c.ok || c.severity !== 'blocker')).toBe(true);
    await cluster.query('primary', "COMMIT PREPARED 'rd-vanishes'");
    await call('actions:execute', { planId: planned.plan.id, confirmName: NAME });
    let ended: ActionRun | undefined;
    await waitUntil(async () => {
      ended = (await call('actions:list', { clusterId })).find((r) => r.plan.id === planned.plan.id && r.status !== 'running');
      return ended !== undefined;
    }, 'the rollback to end');
    expect(ended!.status).toBe('failed');
    expect(ended!.plan.steps[0]!.detail).toContain('"rd-vanishes" is no longer prepared');
    // The outside COMMIT stands: the app rolled nothing back.
    expect((await cluster.query('primary', 'SELECT v FROM u WHERE id = 1'))[0]).toEqual({ v: 5 });
  });
});

describe('a blocking chain of four sessions with a soft block', () => {
  let s1: TestSession;
  afterAll(() => s1?.run('ROLLBACK'));

  it('is shown in full; cancel and terminate release it step by step, each audited', async () => {
    s1 = await session();
    const s2 = await session();
    const s3 = await session();
    const s4 = await session();
    expect(await s1.run('BEGIN; UPDATE t SET v = v WHERE id = 2')).toBe('ok'); // holds RowExclusiveLock on t
    const s2Lock = s2.run('BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE'); // hard: waits for s1
    await snapshotWhere('s2 waiting', (x) => primaryOf(x).sessions.some((q) => q.pid === s2.pid));
    expect(await s3.run('BEGIN; UPDATE u SET v = v + 1 WHERE id = 1')).toBe('ok'); // holds u's row
    const s3Read = s3.run('SELECT count(*) FROM t'); // soft: AccessShare only conflicts with s2's queued request
    const s4Write = s4.run('UPDATE u SET v = v + 1 WHERE id = 1'); // waits for s3's row lock

    const s = await snapshotWhere('the four-session chain', (x) => x.chains.some((c) => c.root.kind === 'session' && c.root.pid === s1.pid && c.waiting.length === 3));
    const chain = s.chains.find((c) => c.root.kind === 'session' && c.root.pid === s1.pid)!;
    expect(chain.waiting).toEqual([s2.pid, s3.pid, s4.pid]);
    const byPid = new Map(primaryOf(s).sessions.map((q) => [q.pid, q]));
    expect(byPid.get(s2.pid)?.blockedBy).toEqual([s1.pid]);
    expect(byPid.get(s3.pid)?.blockedBy).toEqual([s2.pid]); // the soft block: s2 holds nothing on t yet
    expect(byPid.get(s4.pid)?.blockedBy).toEqual([s3.pid]);
    expect(byPid.get(s1.pid)).toMatchObject({ state: 'idle in transaction', blockedBy: [] });

    const cancel = await act({ clusterId, kind: 'cancel-query', target: primaryId(), pid: s2.pid });
    expect(cancel.planned.plan.checks.find((c) => c.id === 'unblocks')?.explanation).toMatch(new RegExp(`^No longer waits on it: pid ${s3.pid} .*Behind it wait pid ${s4.pid} `));
    expect(cancel.ended.status).toBe('done');
    expect(await settledWithin(s2Lock, 5_000)).toContain('canceling statement due to user request');
    expect(await settledWithin(s3Read, 5_000)).toBe('ok'); // the soft block is gone with s2's request
    expect(await settledWithin(s4Write, 300)).toBe('still waiting'); // s3 still holds u's row

    const idleCancel = await call('actions:plan', { clusterId, kind: 'cancel-query', target: primaryId(), pid: s3.pid });
    expect(idleCancel.plan.checks).toContainEqual(expect.objectContaining({ id: 'effect', ok: false, explanation: expect.stringContaining('Terminate it') }));
    const terminate = await act({ clusterId, kind: 'terminate-session', target: primaryId(), pid: s3.pid });
    expect(terminate.ended.status).toBe('done');
    expect(await settledWithin(s4Write, 5_000)).toBe('ok');
    expect(await s3.run('SELECT 1')).toMatch(/terminat|Connection/i);

    const audit = await call('audit:list', { clusterId });
    expect(audit.filter((a) => a.action === 'cancel-query' && a.outcome === 'done')[0]?.params.commands).toEqual([expect.stringContaining(`pg_cancel_backend(pid)`)]);
    expect(audit.some((a) => a.action === 'terminate-session' && a.outcome === 'done')).toBe(true);
    expect(await s1.run('COMMIT')).toBe('ok');

    const gone = await call('actions:plan', { clusterId, kind: 'terminate-session', target: primaryId(), pid: s3.pid });
    expect(gone.plan.checks).toContainEqual(expect.objectContaining({ ok: false, severity: 'blocker', explanation: expect.stringContaining(`pid ${s3.pid} is no longer a session`) }));
  });
});

describe('least privilege', () => {
  it('reads prepared transactions, their locks and other users\' blocked queries with pg_monitor alone', async () => {
    const monitor = await createMonitorRole(cluster, { user: 'lockwatch' });
    const d = postgresDriver([monitor.connectionString('primary')]);
    try {
      expect((await d.driver.connect(new AbortController().signal)).ok).toBe(true);
      const owner = await session();
      expect(await owner.run("BEGIN; UPDATE t SET v = 30 WHERE id = 1; PREPARE TRANSACTION 'rd-monitored'")).toBe('ok');
      const waiter = await session();
      const blocked = waiter.run('UPDATE t SET v = 31 WHERE id = 1');
      let seen: NodeLocking | undefined;
      await waitUntil(async () => {
        [seen] = await (d.driver as ClusterDriver & LockingReadable).readLocking(new AbortController().signal);
        return seen?.sessions.some((q) => q.pid === waiter.pid) ?? false;
      }, 'the monitor role to see the waiter');
      expect(seen!.error).toBeNull();
      expect(seen!.prepared.find((p) => p.gid === 'rd-monitored')).toMatchObject({ owner: 'postgres', blocks: [waiter.pid] });
      expect(seen!.prepared.find((p) => p.gid === 'rd-monitored')!.locks.length).toBeGreaterThan(0);
      expect(seen!.sessions.find((q) => q.pid === waiter.pid)?.query).toBe('UPDATE t SET v = 31 WHERE id = 1');
      await cluster.query('primary', "ROLLBACK PREPARED 'rd-monitored'");
      expect(await settledWithin(blocked, 5_000)).toBe('ok');
    } finally {
      await d.dispose();
    }
  });
});

describe('limits and events', () => {
  it('raises an event for an in-doubt transaction past its age and for a chain waiting past its limit', async () => {
    await call('locking:setLimits', { clusterId, limits: { preparedAgeMs: 1_000, chainWaitMs: 1_000 } });
    const owner = await session();
    expect(await owner.run("BEGIN; UPDATE t SET v = 20 WHERE id = 2; PREPARE TRANSACTION 'rd-old'")).toBe('ok');
    const waiter = await session();
    const blocked = waiter.run('UPDATE t SET v = 21 WHERE id = 2');
    await waitUntil(async () => {
      const events = await call('events:list', { clusterId, limit: 200 });
      return events.some((e) => e.kind === 'in-doubt-transaction' && e.message.includes('"rd-old"')) && events.some((e) => e.kind === 'blocking-chain' && e.message.includes(`pids ${waiter.pid}`));
    }, 'both events', 10_000);
    await cluster.query('primary', "ROLLBACK PREPARED 'rd-old'");
    expect(await settledWithin(blocked, 5_000)).toBe('ok');
  });

  it('reads the standby too, with the queries recovery cancelled (pg_stat_database_conflicts)', async () => {
    const standbyId = `127.0.0.1:${cluster.node('standby1').port}`;
    const lockCount = async () => {
      const s = await call('locking:snapshot', { clusterId, fresh: true });
      const standby = s.nodes.find((n) => n.nodeId === standbyId);
      expect(standby).toMatchObject({ error: null, inRecovery: true });
      return standby!.standbyConflicts.find((c) => c.database === 'postgres')?.lock ?? -1;
    };
    const before = await lockCount();
    expect(before).toBeGreaterThanOrEqual(0);
    const reader = await openSession(cluster.connectionString('standby1'));
    sessions.push(reader);
    expect(await reader.run('BEGIN; SELECT count(*) FROM t')).toBe('ok'); // holds AccessShareLock on t
    await cluster.query('primary', 'BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE; COMMIT'); // replay must cancel the reader (max_standby_streaming_delay = 0)
    await waitUntil(async () => (await lockCount()) > before, 'the standby to count a lock conflict with recovery');
    expect(await reader.run('SELECT 1')).toMatch(/conflict with recovery|terminat|Connection/i);
  });
});
