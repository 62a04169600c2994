import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictService } from '../../electron/core/conflicts/conflict-service';
import type { ConflictEvent } from '../../shared/model/conflict';
import type { LogicalNode, LogicalPair } from '../harness/pg-logical';
import { postgresDriver } from '../harness/pg-driver';
import { createConflictRig, type ConflictRig } from '../harness/pg-conflict-rig';
import { waitUntil } from '../harness/pg-query';
import { describeStatement, formatted } from '../../shared/postgres/statement';

/** A utility statement as a plan shows it: format() on the server with bind parameters. */
const onServer = (template: string, ...args: string[]) => describeStatement(formatted(template, ...args));

/**
 * Two PG15 primaries replicating `items` both ways (row filters on `owner`,
 * disable_on_error). A partition lets both insert id 1; when it heals, both
 * subscriptions stop on a unique violation. The real driver, sampled at 1 Hz,
 * must put both in the ConflictService inbox with key and finish LSN; one is
 * resolved by keeping the local row (SKIP), the other by taking the remote row.
 */
let rig: ConflictRig;
let pair: LogicalPair;
let service: ConflictService;
let audit: unknown[];
let nodeId: ConflictRig['nodeId'];
let openOn: ConflictRig['openOn'];
let rowOf: ConflictRig['rowOf'];

const subOf = async (n: LogicalNode) =>
  (await n.query<{ enabled: boolean; skip: string | null; pid: number | null }>(
    `SELECT s.subenabled AS enabled, nullif(s.subskiplsn, '0/0')::text AS skip, w.pid FROM pg_subscription s LEFT JOIN pg_stat_subscription w ON w.subid = s.oid AND w.relid IS NULL`,
  ))[0]!;

beforeAll(async () => {
  rig = await createConflictRig();
  ({ pair, service, rowOf, audit, nodeId, openOn } = rig);
});

afterAll(async () => {
  await rig?.stop();
});

describe('postgres logical replication conflicts (PG15, bidirectional with row filters)', () => {
  it('replicates both ways before any conflict', async () => {
    await rig.replicatesBothWays();
  });

  it('flags an insert/insert conflict on each side with key, versions and finish LSN', async () => {
    // A partition: both sides stop receiving, then both insert id 1.
    const healed = await pair.partition(async () => {
      await pair.a.query(`BEGIN; INSERT INTO items VALUES (1, 'a', 'from-a', 1); INSERT INTO items VALUES (2, 'a', 'second-a', 2); COMMIT;`);
      await pair.b.query(`INSERT INTO items VALUES (1, 'b', 'from-b', 5)`);
    });
    await waitUntil(async () => !!openOn(pair.a)?.versions[1]?.value && !!openOn(pair.b)?.versions[1]?.value, 'both conflicts in the inbox, with the incoming rows', 30_000);
    const toInboxMs = Date.now() - healed;
    console.log(`bench pg-conflicts: heal-to-inbox=${toInboxMs}ms (1 s sampling; both apply errors, explained from jsonlog + slot peek)`);

    const onB = openOn(pair.b)!;
    expect(onB.kind).toBe('insert-insert');
    expect(onB.target).toEqual({ table: 'public.items', key: 'id=1' });
    expect(onB.versions[0]).toMatchObject({ nodeId: nodeId(pair.b), value: { id: 1, owner: 'b', val: 'from-b', qty: 5 } });
    expect(onB.versions[1]).toMatchObject({ nodeId: nodeId(pair.a), value: { id: 1, owner: 'a', val: 'from-a', qty: 1 } });
    expect(onB.versions[1]!.position).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(onB.versions[1]!.committedAt).toBeGreaterThan(healed - 60_000);
    // The finish LSN is the one the server logged ("finished at …").
    const logged = await pair.b.query<{ t: string }>(`SELECT pg_read_file(pg_current_logfile('jsonlog')) AS t`);
    expect(logged[0]!.t).toContain(`finished at ${onB.versions[1]!.position}`);
    expect(onB.id).toBe(`pg:${nodeId(pair.b)}:sub_b_from_a:${onB.versions[1]!.position}`);
    expect(openOn(pair.a)!.versions[1]!.value).toEqual({ id: 1, owner: 'b', val: 'from-b', qty: 5 });

    // Stable across samples: the same id, still one conflict per apply error.
    await new Promise((r) => setTimeout(r, 2_200));
    expect(service.inbox.list({ status: 'open', limit: 100 }).map((c) => c.id).sort()).toEqual([openOn(pair.a)!.id, onB.id].sort());
  });

  it('previews a SKIP with the other change of the remote transaction and the exact SQL', async () => {
    const onB = openOn(pair.b)!;
    const p = await service.preview(onB.id, { kind: 'keep', version: 0 });
    if (!p.ok) throw new Error(p.reason);
    const engine = p.value.engine!;
    console.log('keep-local preview:', engine.statements.join('; '));
    expect(engine.statements).toEqual([
      'BEGIN',
      onServer('ALTER SUBSCRIPTION %I SKIP (lsn = %L)', 'sub_b_from_a', onB.versions[1]!.position!),
      'ALTER SUBSCRIPTION sub_b_from_a ENABLE',
      'COMMIT',
    ]);
    expect(engine.skipped).toEqual([{ table: 'public.items', op: 'insert', key: 'id=2', value: { id: '2', owner: 'a', val: 'second-a', qty: '2' } }]);
    expect(engine.note).toMatch(/whole remote transaction/);
    expect(engine.note).toMatch(/silent/);
  });

  it('refuses a custom value that violates the table, with the database message, and changes nothing', async () => {
    const onB = openOn(pair.b)!;
    const r = await service.resolve(onB.id, { kind: 'custom', value: { id: 1, owner: 'b', val: 'bad', qty: -1 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(/violates check constraint "items_qty_check"/);
    expect(await rowOf(pair.b, 1)).toEqual({ id: 1, owner: 'b', val: 'from-b', qty: 5 });
    expect(await subOf(pair.b)).toMatchObject({ enabled: false, skip: null });
    const typed = await service.resolve(onB.id, { kind: 'custom', value: { id: 1, owner: 'b', qty: 'many' } });
    expect(typed.ok ? '' : typed.reason).toMatch(/invalid input syntax for type integer: "many"/);
    expect(await subOf(pair.b)).toMatchObject({ enabled: false, skip: null });
    expect(openOn(pair.b)?.status).toBe('open');
  });

  it('resolves one side by keeping local and the other by taking remote: both nodes converge and stream again', async () => {
    const onB = openOn(pair.b)!;
    const onA = openOn(pair.a)!;
    const kept = await service.resolve(onB.id, { kind: 'keep', version: 0 });
    if (!kept.ok) throw new Error(kept.reason);
    // A still holds its own row until its conflict is resolved: honestly not converged yet.
    console.log(`after keep-local: ${kept.value.convergence.detail}`, await rowOf(pair.a, 1), await rowOf(pair.b, 1));
    expect(kept.value.convergence.converged).toBe(false);
    const taken = await service.resolve(onA.id, { kind: 'keep', version: 1 });
    if (!taken.ok) throw new Error(taken.reason);
    expect(taken.value.preview.engine?.statements).toEqual([
      'BEGIN',
      onServer('ALTER PUBLICATION %I SET (publish = %L)', 'pub_a', 'insert, update, truncate'),
      'DELETE FROM public.items WHERE id = $1 -- $1 = "1"',
      onServer('ALTER PUBLICATION %I SET (publish = %L)', 'pub_a', 'insert, update, delete, truncate'),
      'ALTER SUBSCRIPTION sub_a_from_b ENABLE',
      'COMMIT',
    ]);
    console.log(`after take-remote: ${taken.value.convergence.detail}`);
    expect(taken.value.convergence).toMatchObject({ converged: true });
    const bRow = { id: 1, owner: 'b', val: 'from-b', qty: 5 };
    expect(await rowOf(pair.a, 1)).toEqual(bRow);
    expect(await rowOf(pair.b, 1)).toEqual(bRow);
    // The skipped transaction's other change never reached B.
    expect(await rowOf(pair.b, 2)).toBeNull();

    await pair.waitForWorkers(15_000);
    expect((await subOf(pair.a)).pid).not.toBeNull();
    expect((await subOf(pair.b)).pid).not.toBeNull();
    await pair.a.query(`INSERT INTO items VALUES (10, 'a', 'later', 1)`);
    await pair.b.query(`INSERT INTO items VALUES (11, 'b', 'later', 1)`);
    await waitUntil(async () => (await rowOf(pair.b, 10)) !== null && (await rowOf(pair.a, 11)) !== null, 'later writes to replicate both ways', 10_000);
    // The engine-side state follows: both conflicts end up resolved, by the admin.
    await waitUntil(async () => service.inbox.get(onA.id)?.status === 'resolved' && service.inbox.get(onB.id)?.status === 'resolved', 'both conflicts resolved', 10_000);
    expect(service.inbox.get(onB.id)?.resolution?.by).toMatch(/test-admin/);
    expect(audit.length).toBeGreaterThanOrEqual(4);
  });

  it('flags the conflict for a pg_monitor login without the log grants, saying which grants are missing; the grants bring the details', async () => {
    for (const n of [pair.a, pair.b]) await n.query(`CREATE ROLE mon LOGIN PASSWORD 'mon-pw' IN ROLE pg_monitor`);
    const seeds = [pair.a, pair.b].map((n) => n.cluster.connectionString('primary', { user: 'mon', password: 'mon-pw' }));
    const m = postgresDriver(seeds);
    try {
      expect((await m.driver.connect(new AbortController().signal)).ok).toBe(true);
      const seen = new Map<string, ConflictEvent>();
      const off = m.driver.onConflict!((c) => seen.set(c.id, c));
      // Both sides stop (A's subscription ran, so B's row reached A too): look at B's.
      const onB = () => [...seen.values()].find((c) => c.id.startsWith(`pg:${nodeId(pair.b)}:sub_b_from_a:`) && c.status === 'open');
      await pair.b.query(`ALTER SUBSCRIPTION sub_b_from_a DISABLE`);
      await pair.a.query(`INSERT INTO items VALUES (5, 'a', 'from-a', 1)`);
      await pair.b.query(`INSERT INTO items VALUES (5, 'b', 'from-b', 1)`);
      await pair.b.query(`ALTER SUBSCRIPTION sub_b_from_a ENABLE`);
      await waitUntil(async () => (await m.sample(), !!onB()), 'the conflict flagged from the stats alone', 20_000);
      const bare = onB()!;
      console.log('without grants:', bare.target, bare.notes?.slice(0, 2));
      expect(bare.target.key).toBe('(unknown key)');
      // Its first error was the earlier conflict: this is the second.
      expect(bare.id).toBe(`pg:${nodeId(pair.b)}:sub_b_from_a:error-2`);
      const notes = bare.notes!.join('\n');
      expect(notes).toContain('GRANT EXECUTE ON FUNCTION pg_current_logfile(text) TO mon;');
      expect(notes).toContain('GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO mon;');
      expect(notes).toContain('needs the REPLICATION attribute: ALTER ROLE mon REPLICATION;');
      const refused = await m.driver.resolveConflict!(bare.id, null, 'test');
      expect(refused).toMatchObject({ ok: false, code: 'details-unknown' });

      await pair.b.query(`GRANT EXECUTE ON FUNCTION pg_current_logfile(text) TO mon; GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO mon`);
      await waitUntil(async () => (await m.sample(), !onB()!.notes!.join('\n').includes('pg_current_logfile')), 'the log read', 20_000);
      // The log gives the SQLSTATE and finish LSN, never names: the key still waits for the slot.
      expect(onB()!.target.key).toBe('(unknown key)');
      await pair.a.query(`ALTER ROLE mon REPLICATION`);
      await waitUntil(async () => (await m.sample(), onB()?.target.key === 'id=5'), 'the key, from the decoded row in the slot', 20_000);
      expect(onB()!.notes!.join('\n')).toContain('GRANT SELECT ON public.items TO mon;');
      await pair.b.query(`GRANT SELECT ON items TO mon`);
      await waitUntil(async () => (await m.sample(), onB()?.versions[0]?.value !== null), 'the local row', 20_000);
      const logged = onB()!;
      expect(logged.id).toBe(bare.id);
      expect(logged.kind).toBe('insert-insert');
      expect(logged.versions.map((v) => v.value)).toEqual([{ id: 5, owner: 'b', val: 'from-b', qty: 1 }, { id: 5, owner: 'a', val: 'from-a', qty: 1 }]);
      expect(logged.versions[1]!.position).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      off();
    } finally {
      await m.dispose();
    }
  });

  it('writes a custom value as a new change that replicates (after the other side took the remote row)', async () => {
    const open = (n: LogicalNode) => service.inbox.list({ status: 'open', limit: 100 }).find((c) => c.versions[0]?.nodeId === nodeId(n) && c.target.key === 'id=5');
    await waitUntil(async () => !!open(pair.a)?.versions[1]?.value && !!open(pair.b)?.versions[1]?.value, 'both id=5 conflicts explained', 20_000);
    const taken = await service.resolve(open(pair.a)!.id, { kind: 'keep', version: 1 });
    if (!taken.ok) throw new Error(taken.reason);
    expect(taken.value.convergence.converged).toBe(true);
    const merged = { id: 5, owner: 'b', val: 'merged', qty: 2 };
    const written = await service.resolve(open(pair.b)!.id, { kind: 'custom', value: merged });
    if (!written.ok) throw new Error(written.reason);
    expect(written.value.preview.engine?.statements[1]).toMatch(/^INSERT INTO public\.items SELECT \* FROM jsonb_populate_record\(NULL::public\.items, .*ON CONFLICT \(id\) DO UPDATE SET/);
    console.log(`custom value: ${written.value.convergence.detail}`);
    expect(written.value.convergence.converged).toBe(true);
    expect(await rowOf(pair.a, 5)).toEqual(merged);
  });
});
