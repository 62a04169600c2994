import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictService } from '../../electron/core/conflicts/conflict-service';
import type { LogicalNode, LogicalPair } from '../harness/pg-logical';
import { createConflictRig, type ConflictRig } from '../harness/pg-conflict-rig';
import { waitUntil } from '../harness/pg-query';
import { describeStatement, formatted } from '../../shared/postgres/statement';

/** A utility statement as a plan shows it: format() on the server with bind parameters. */
const onServer = (template: string, ...args: string[]) => describeStatement(formatted(template, ...args));

/**
 * The same two PG15 primaries as postgres-logical-conflicts, but subscriptions
 * WITHOUT disable_on_error (the PostgreSQL default) and
 * wal_retrieve_retry_interval = 500ms: after the partition heals, each apply
 * worker fails on the other side's id 1, exits, is restarted, fails again …
 * while the subscription stays enabled. The real driver, sampled at 1 Hz, must
 * flag both retry loops with key and finish LSN, and resolve them without ENABLE.
 */
let rig: ConflictRig;
let pair: LogicalPair;
let service: ConflictService;
let nodeId: ConflictRig['nodeId'];
let openOn: ConflictRig['openOn'];
let rowOf: ConflictRig['rowOf'];
let healed = 0;

const subOf = async (n: LogicalNode) =>
  (await n.query<{ enabled: boolean; errors: number }>(
    `SELECT s.subenabled AS enabled, coalesce(st.apply_error_count, 0)::int AS errors FROM pg_subscription s LEFT JOIN pg_stat_subscription_stats st ON st.subid = s.oid`,
  ))[0]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  rig = await createConflictRig({ disableOnError: false, retryInterval: '500ms', convergenceTimeoutMs: 3_000 });
  ({ pair, service, rowOf, nodeId, openOn } = rig);
});

afterAll(async () => {
  await rig?.stop();
});

describe('postgres logical replication conflicts without disable_on_error (PG15, the worker retries)', () => {
  it('replicates both ways before any conflict', async () => {
    await rig.replicatesBothWays();
  });

  it('flags the retry loop on each side with key and finish LSN while the subscription stays enabled', async () => {
    healed = await pair.partition(async () => {
      await pair.a.query(`BEGIN; INSERT INTO items VALUES (1, 'a', 'from-a', 1); INSERT INTO items VALUES (2, 'a', 'second-a', 2); COMMIT;`);
      await pair.b.query(`INSERT INTO items VALUES (1, 'b', 'from-b', 5)`);
    });
    await waitUntil(async () => !!openOn(pair.a)?.versions[1]?.position && !!openOn(pair.b)?.versions[1]?.position, 'both retry loops in the inbox with key and finish LSN', 30_000);
    console.log(`bench pg-retrying: heal-to-inbox=${Date.now() - healed}ms (key + finish LSN, 1 s sampling, wal_retrieve_retry_interval 500ms)`);

    const onB = openOn(pair.b)!;
    expect(onB.kind).toBe('insert-insert');
    expect(onB.target).toEqual({ table: 'public.items', key: 'id=1' });
    expect(onB.versions[0]).toMatchObject({ nodeId: nodeId(pair.b), value: { id: 1, owner: 'b', val: 'from-b', qty: 5 } });
    const lsn = onB.versions[1]!.position!;
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(onB.id).toBe(`pg:${nodeId(pair.b)}:sub_b_from_a:${lsn}`);
    const logged = await pair.b.query<{ t: string }>(`SELECT pg_read_file(pg_current_logfile('jsonlog')) AS t`);
    expect(logged[0]!.t).toContain(`finished at ${lsn}`);
    expect(onB.notes!.join('\n')).toMatch(/enabled without disable_on_error.*500 ms here.*SET \(disable_on_error = true\) would stop the retry loop/s);

    // Still enabled, still failing: the count climbs, and the inbox keeps one conflict per side (not one per retry).
    const before = await subOf(pair.b);
    expect(before.enabled).toBe(true);
    await sleep(2_200);
    const after = await subOf(pair.b);
    expect(after.enabled).toBe(true);
    expect(after.errors).toBeGreaterThan(before.errors);
    expect(service.inbox.list({ status: 'open', limit: 100 }).map((c) => c.id).sort()).toEqual([openOn(pair.a)!.id, onB.id].sort());
  });

  it('reads the incoming row from the slot between two retries of the worker', async () => {
    await waitUntil(async () => !!openOn(pair.a)?.versions[1]?.value && !!openOn(pair.b)?.versions[1]?.value, 'both incoming rows (slot peeked between retries)', 30_000);
    console.log(`bench pg-retrying: heal-to-incoming-rows=${Date.now() - healed}ms`);
    expect(openOn(pair.b)!.versions[1]!.value).toEqual({ id: 1, owner: 'a', val: 'from-a', qty: 1 });
    expect(openOn(pair.a)!.versions[1]!.value).toEqual({ id: 1, owner: 'b', val: 'from-b', qty: 5 });
  });

  it('previews keep local as a SKIP with no ENABLE, applied at the next retry', async () => {
    const onB = openOn(pair.b)!;
    const p = await service.preview(onB.id, { kind: 'keep', version: 0 });
    if (!p.ok) throw new Error(p.reason);
    const engine = p.value.engine!;
    expect(engine.statements).toEqual(['BEGIN', onServer('ALTER SUBSCRIPTION %I SKIP (lsn = %L)', 'sub_b_from_a', onB.versions[1]!.position!), 'COMMIT']);
    expect(engine.skipped.map((s) => s.key)).toEqual(['id=2']);
    expect(engine.note).toMatch(/no ENABLE needed.*next retry, within wal_retrieve_retry_interval \(500 ms here\)/);
  });

  it('resolves keep local on one side and take remote on the other: both converge and apply_error_count stops climbing', async () => {
    const onB = openOn(pair.b)!;
    const onA = openOn(pair.a)!;
    const resolvedAt = Date.now();
    const kept = await service.resolve(onB.id, { kind: 'keep', version: 0 });
    if (!kept.ok) throw new Error(kept.reason);
    const takenAt = Date.now();
    const taken = await service.resolve(onA.id, { kind: 'keep', version: 1 });
    if (!taken.ok) throw new Error(taken.reason);
    expect(taken.value.preview.engine?.statements).toEqual([
      'BEGIN',
      onServer('ALTER PUBLICATION %I SET (publish = %L)', 'pub_a', 'insert, update, truncate'),
      'DELETE FROM public.items WHERE id = $1 -- $1 = "1"',
      onServer('ALTER PUBLICATION %I SET (publish = %L)', 'pub_a', 'insert, update, delete, truncate'),
      'COMMIT',
    ]);
    console.log(`after take-remote: ${taken.value.convergence.detail}`);
    const bRow = { id: 1, owner: 'b', val: 'from-b', qty: 5 };
    await waitUntil(async () => isDeepStrictEqual(await rowOf(pair.a, 1), bRow), 'A to apply B’s row at its next retry', 10_000);
    console.log(`bench pg-retrying: take-remote-to-converged=${Date.now() - takenAt}ms (no ENABLE: A's worker applied B's row at its next retry)`);
    expect(await rowOf(pair.b, 1)).toEqual(bRow);
    expect(await rowOf(pair.b, 2)).toBeNull(); // skipped with the rest of A's transaction
    expect((await subOf(pair.a)).enabled).toBe(true);

    // No longer failing: over 4 retry intervals the counts stay put.
    await sleep(1_000);
    const counts = [await subOf(pair.a), await subOf(pair.b)].map((s) => s.errors);
    await sleep(2_000);
    expect([await subOf(pair.a), await subOf(pair.b)].map((s) => s.errors)).toEqual(counts);

    await pair.a.query(`INSERT INTO items VALUES (10, 'a', 'later', 1)`);
    await pair.b.query(`INSERT INTO items VALUES (11, 'b', 'later', 1)`);
    await waitUntil(async () => (await rowOf(pair.b, 10)) !== null && (await rowOf(pair.a, 11)) !== null, 'later writes to replicate both ways', 10_000);
    await waitUntil(async () => service.inbox.get(onA.id)?.status === 'resolved' && service.inbox.get(onB.id)?.status === 'resolved', 'both conflicts resolved', 15_000);
    console.log(`bench pg-retrying: resolve-to-inbox-resolved=${Date.now() - resolvedAt}ms`);
    expect(service.inbox.get(onB.id)?.resolution?.by).toMatch(/test-admin/);
    expect(service.inbox.list({ status: 'open', limit: 100 })).toEqual([]);
  });
});
