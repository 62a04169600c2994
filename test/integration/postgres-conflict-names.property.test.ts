import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictEvent } from '../../shared/model/conflict';
import { createConflictRig, type ConflictRig } from '../harness/pg-conflict-rig';
import type { LogicalNode } from '../harness/pg-logical';
import { waitUntil } from '../harness/pg-query';
import { fixedRuns, hostileName, naiveTableOf } from '../harness/hostile-names';

/**
 * Apply conflicts on tables with hostile names, end to end through the real
 * driver and ConflictService on a PG15 logical pair: the inbox shows the
 * table as the server's own format('%I.%I') names it, and each resolution
 * (take remote, keep local, custom value) writes into that table only; the
 * decoy a log-text parser would have picked (`"([^"]+)"`, split at the first
 * dot) is unchanged. Every statement the test itself builds goes through format().
 */
let rig: ConflictRig;
type Mode = 'keep-local' | 'custom';
interface Named {
  schema: string;
  table: string;
  key: string;
}

/** Runs `template` (format() %I/%L) with `args` on `n`, built by the server. */
async function exec(n: LogicalNode, template: string, ...args: string[]): Promise<void> {
  const [r] = await n.query<{ s: string }>(`SELECT format($1, VARIADIC $2::text[]) AS s`, [template, args]);
  await n.query(r!.s);
}

const shownAs = async (t: Pick<Named, 'schema' | 'table'>) => (await rig.pair.a.query<{ s: string }>(`SELECT format('%I.%I', $1::text, $2::text) AS s`, [t.schema, t.table]))[0]!.s;

async function rows(n: LogicalNode, schema: string, table: string): Promise<unknown[]> {
  const [r] = await n.query<{ s: string }>(`SELECT format('SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), ''[]'') AS r FROM %I.%I t', $1::text, $2::text) AS s`, [schema, table]);
  return ((await n.query<{ r: unknown[] }>(r!.s))[0]!.r ?? []) as unknown[];
}

const exists = async (n: LogicalNode, schema: string, table: string) =>
  (await n.query(`SELECT 1 FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relname = $2`, [schema, table])).length > 0;

/** The table on both nodes, published by each for its own rows, and subscribed; replication checked both ways. */
async function addTable(t: Named): Promise<void> {
  const { a, b } = rig.pair;
  for (const n of [a, b]) {
    await exec(n, 'CREATE SCHEMA IF NOT EXISTS %I', t.schema);
    await exec(n, 'CREATE TABLE %I.%I (%I int PRIMARY KEY, owner text NOT NULL, val text)', t.schema, t.table, t.key);
    await exec(n, 'ALTER TABLE %I.%I REPLICA IDENTITY FULL', t.schema, t.table);
    await exec(n, `ALTER PUBLICATION %I ADD TABLE %I.%I WHERE (owner = %L)`, `pub_${n.owner}`, t.schema, t.table, n.owner);
  }
  await a.query(`ALTER SUBSCRIPTION sub_a_from_b REFRESH PUBLICATION WITH (copy_data = false)`);
  await b.query(`ALTER SUBSCRIPTION sub_b_from_a REFRESH PUBLICATION WITH (copy_data = false)`);
  await exec(a, `INSERT INTO %I.%I VALUES (900, 'a', 'probe')`, t.schema, t.table);
  await exec(b, `INSERT INTO %I.%I VALUES (901, 'b', 'probe')`, t.schema, t.table);
  await waitUntil(async () => (await rows(a, t.schema, t.table)).length === 2 && (await rows(b, t.schema, t.table)).length === 2, 'the probes to replicate both ways', 15_000);
}

/** The naive decoy, made with the same columns when it does not exist yet; returns its contents on both nodes. */
async function decoyOf(t: Named): Promise<{ schema: string; name: string; before: unknown[][] } | null> {
  const d = naiveTableOf(t.schema, t.table);
  if (!d) return null;
  for (const n of [rig.pair.a, rig.pair.b]) {
    if (await exists(n, d.schema, d.name)) continue;
    await exec(n, 'CREATE SCHEMA IF NOT EXISTS %I', d.schema);
    await exec(n, 'CREATE TABLE %I.%I (%I int PRIMARY KEY, owner text, val text, qty int)', d.schema, d.name, t.key);
    await exec(n, `INSERT INTO %I.%I VALUES (1, 'decoy', 'untouched', 0)`, d.schema, d.name);
  }
  return { ...d, before: [await rows(rig.pair.a, d.schema, d.name), await rows(rig.pair.b, d.schema, d.name)] };
}

const openFor = (n: LogicalNode, table: string): ConflictEvent | undefined =>
  rig.service.inbox.list({ status: 'open', limit: 100 }).find((c) => c.versions[0]?.nodeId === rig.nodeId(n) && c.target.table === table && !!c.versions[1]?.value);

/** A partition makes both insert key 1; A takes the remote row, B resolves by `mode`; then each node holds what it should. */
async function conflictAndResolve(t: Named, mode: Mode): Promise<void> {
  const { a, b } = rig.pair;
  await addTable(t);
  const decoy = await decoyOf(t);
  const table = await shownAs(t);
  await rig.pair.partition(async () => {
    await exec(a, `INSERT INTO %I.%I VALUES (1, 'a', 'from-a')`, t.schema, t.table);
    await exec(b, `INSERT INTO %I.%I VALUES (1, 'b', 'from-b')`, t.schema, t.table);
  });
  await waitUntil(async () => !!openFor(a, table) && !!openFor(b, table), `both conflicts on ${table} in the inbox`, 30_000).catch((e: Error) => {
    throw new Error(`${e.message}; open: ${JSON.stringify(rig.service.inbox.list({ status: 'open', limit: 100 }).map((c) => [c.target, c.notes]))}`);
  });
  const onA = openFor(a, table)!;
  const onB = openFor(b, table)!;
  expect(onB.target.table).toBe(table);
  expect(onB.versions.map((v) => v.value)).toEqual([
    { [t.key]: 1, owner: 'b', val: 'from-b' },
    { [t.key]: 1, owner: 'a', val: 'from-a' },
  ]);
  const taken = await rig.service.resolve(onA.id, { kind: 'keep', version: 1 });
  if (!taken.ok) throw new Error(`take remote on ${table}: ${taken.reason}`);
  const bRow = { [t.key]: 1, owner: 'b', val: mode === 'custom' ? 'custom' : 'from-b' };
  const choice = mode === 'custom' ? ({ kind: 'custom', value: bRow } as const) : ({ kind: 'keep', version: 0 } as const);
  const resolved = await rig.service.resolve(onB.id, choice);
  if (!resolved.ok) throw new Error(`${mode} on ${table}: ${resolved.reason}`);
  const probes = [
    { [t.key]: 900, owner: 'a', val: 'probe' },
    { [t.key]: 901, owner: 'b', val: 'probe' },
  ];
  const canonical = (list: object[]) => JSON.stringify(list.map((r) => Object.entries(r).sort(([x], [y]) => x.localeCompare(y))).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))));
  const want = canonical([bRow, ...probes]);
  const sorted = async (n: LogicalNode) => canonical((await rows(n, t.schema, t.table)) as object[]);
  await waitUntil(async () => (await sorted(a)) === want && (await sorted(b)) === want, `both nodes to hold ${want} in ${table}`, 15_000).catch(async (e: Error) => {
    throw new Error(`${e.message}; a: ${await sorted(a)}; b: ${await sorted(b)}`);
  });
  if (decoy) {
    expect([await rows(a, decoy.schema, decoy.name), await rows(b, decoy.schema, decoy.name)]).toEqual(decoy.before);
  }
  await rig.pair.waitForWorkers(15_000);
}

beforeAll(async () => {
  rig = await createConflictRig();
  await rig.replicatesBothWays();
}, 60_000);

afterAll(async () => {
  await rig?.stop();
});

describe('PostgreSQL apply conflicts on hostile table names (PG15 pair, real driver)', () => {
  it('public."items"" x": shown with its own name, and a custom value is written into it, not into public.items', async () => {
    await conflictAndResolve({ schema: 'public', table: 'items" x', key: 'id' }, 'custom');
  });

  it(`public."we'ird ""T"" ab.le": shown with its own name and resolved (take remote, keep local)`, async () => {
    await conflictAndResolve({ schema: 'public', table: `we'ird "T" ab.le`, key: 'id' }, 'keep-local');
  });

  it('property: hostile schema, table and key column names, each resolution into exactly that table', async () => {
    const started = Date.now();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostileName, hostileName, hostileName, fc.constantFrom<Mode>('keep-local', 'custom'), async (schema, table, key, mode) => {
        run += 1;
        // Unique per run (a shrink may repeat a name); `s`/`t`/`k` keep them clear of pg_ and of the fixed columns.
        await conflictAndResolve({ schema: `s${run}${schema}`, table: `t${table}`, key: `k${key}` }, mode);
      }),
      fixedRuns(6),
    );
    console.log(`bench quoting-conflicts: runs=6 ms=${Date.now() - started}`);
  });
});
