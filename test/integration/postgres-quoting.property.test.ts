import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyValue } from '../../electron/drivers/postgres/conninfo-kv';
import { parseConnectionString, type PgTarget } from '../../electron/drivers/postgres/conn-string';
import { StepSession } from '../../electron/drivers/postgres/actions/session';
import { repoint } from '../../electron/drivers/postgres/actions/step-sql';
import { executeLockingStep } from '../../electron/drivers/postgres/locking/execute-locking';
import { lockingStepId, lockingStepSql, type LockingStep } from '../../electron/drivers/postgres/locking/locking-steps';
import type { ActionStep } from '../../shared/model/action';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { waitUntil } from '../harness/pg-query';
import { conninfo, qualifiedName, quoteIdent } from '../../shared/postgres/quote';
import { fixedRuns, hostileName } from '../harness/hostile-names';

/**
 * The SQL builders that cannot take bind parameters (COMMIT/ROLLBACK PREPARED,
 * ALTER SYSTEM SET primary_conninfo), fed hostile values on a real PG15 whose
 * database has `standard_conforming_strings = off`: each statement must act on
 * exactly the object named, and a decoy with the naively unescaped name stays.
 */
let cluster: PgCluster;
let target: PgTarget;
const timeouts = { connectTimeoutMs: 3_000, queryTimeoutMs: 5_000 };
const signal = new AbortController().signal;

const q = <R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]) => cluster.query<R>('primary', sql, params);

/** Prepares a transaction that inserts `gid` into marks; the PREPARE is built by the server. */
async function prepare(gid: string): Promise<void> {
  const c = new pg.Client({ connectionString: cluster.connectionString('primary') });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query('INSERT INTO marks (gid) VALUES ($1)', [gid]);
    const { rows } = await c.query<{ s: string }>(`SELECT format('PREPARE TRANSACTION %L', $1::text) AS s`, [gid]);
    await c.query(rows[0]!.s);
  } finally {
    await c.end();
  }
}

const prepared = async (gid: string) => (await q(`SELECT 1 FROM pg_prepared_xacts WHERE gid = $1`, [gid])).length === 1;
const marked = async (gid: string) => (await q(`SELECT 1 FROM marks WHERE gid = $1`, [gid])).length === 1;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 0, settings: { max_prepared_transactions: 10 } });
  await q(`CREATE TABLE marks (gid text PRIMARY KEY)`);
  await q(`ALTER DATABASE postgres SET standard_conforming_strings = off`);
  await q(`ALTER DATABASE postgres SET escape_string_warning = off`);
  const t = parseConnectionString(cluster.connectionString('primary'));
  if (!t.ok) throw new Error(t.reason);
  target = t.value;
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('shared/postgres/quote.ts against the server', () => {
  it('property: quoteIdent is quote_ident, qualifiedName is format(%I.%I), and a conninfo splits back into its record', async () => {
    const words = (await q<{ w: string }>(`SELECT word AS w FROM pg_get_keywords()`)).map((r) => r.w);
    const name = fc.oneof(hostileName, fc.constantFrom(...words), fc.stringMatching(/^[a-z_][a-z0-9_$]{0,8}$/));
    await fc.assert(
      fc.asyncProperty(name, name, async (a, b) => {
        const [r] = await q<{ i: string; f: string }>(`SELECT quote_ident($1) AS i, format('%I.%I', $1::text, $2::text) AS f`, [a, b]);
        expect(quoteIdent(a)).toBe(r!.i);
        expect(qualifiedName(a, b)).toBe(r!.f);
        const kv = parseKeyValue(conninfo({ host: a, application_name: b }));
        expect(kv.ok && Object.fromEntries(kv.value)).toEqual({ host: a, application_name: b });
      }),
      fixedRuns(150),
    );
  });
});

describe('COMMIT / ROLLBACK PREPARED with hostile gids, standard_conforming_strings = off', () => {
  it('new sessions of the database really run with standard_conforming_strings off', async () => {
    const c = new pg.Client({ connectionString: cluster.connectionString('primary') });
    await c.connect();
    const { rows } = await c.query<{ s: string }>(`SELECT current_setting('standard_conforming_strings') AS s`);
    await c.end();
    expect(rows[0]!.s).toBe('off');
  });

  it('the gid from the issue (a backslash and a quote) is committed exactly, its decoy stays prepared', async () => {
    const gid = "rd\\' ; ROLLBACK PREPARED 'x";
    await prepare(gid);
    await prepare('x');
    const step = { op: 'commit-prepared', node: 'p', database: 'postgres', gid } as const;
    const r = await executeLockingStep({ targetOf: () => target, timeouts, now: Date.now }, { id: lockingStepId(step) } as ActionStep, signal);
    expect(r).toMatchObject({ ok: true });
    expect(await prepared(gid)).toBe(false);
    expect(await marked(gid)).toBe(true);
    expect(await prepared('x')).toBe(true);
    await q(`ROLLBACK PREPARED 'x'`);
  });

  it('property: each hostile gid is committed or rolled back exactly, and no other prepared transaction is touched', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(hostileName, fc.boolean(), async (raw, commit) => {
        const gid = `g${raw}`;
        const decoy = `g${raw.replaceAll('\\', '').replaceAll("''", "'")}`;
        await q(`DELETE FROM marks`);
        await prepare(gid);
        if (decoy !== gid) await prepare(decoy);
        const step: LockingStep = { op: commit ? 'commit-prepared' : 'rollback-prepared', node: 'p', database: 'postgres', gid };
        const r = await executeLockingStep({ targetOf: () => target, timeouts, now: Date.now }, { id: lockingStepId(step), command: lockingStepSql(step) } as ActionStep, signal);
        const left = await q<{ gid: string }>(`SELECT gid FROM pg_prepared_xacts`);
        for (const g of left) await q((await q<{ s: string }>(`SELECT format('ROLLBACK PREPARED %L', $1::text) AS s`, [g.gid]))[0]!.s);
        expect(r.ok, r.ok ? '' : r.reason).toBe(true);
        expect(left.map((x) => x.gid)).toEqual(decoy !== gid ? [decoy] : []);
        expect(await marked(gid)).toBe(commit);
      }),
      fixedRuns(40),
    );
    console.log(`bench quoting-gids: runs=40 ms=${Date.now() - started}`);
  });
});

describe('re-point (ALTER SYSTEM SET primary_conninfo) with hostile values, standard_conforming_strings = off', () => {
  const setConninfo = async (conninfo: string) => {
    const [row] = await q<{ s: string }>(`SELECT format('ALTER SYSTEM SET primary_conninfo = %L', $1::text) AS s`, [conninfo]);
    await q(row!.s);
    await q(`SELECT pg_reload_conf()`);
  };
  const current = async () => (await q<{ c: string }>(`SELECT current_setting('primary_conninfo') AS c`))[0]!.c;

  it('property: the new host and every kept value read back exactly as libpq splits them; one setting, no file error', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(hostileName, hostileName, fc.integer({ min: 1, max: 65535 }), async (host, app, port) => {
        // The kept part, written as libpq allows: quoted with backslash escapes.
        const esc = (v: string) => `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
        await setConninfo(`user=postgres application_name=${esc(app.replace(/[\r\n]/g, ''))}`);
        await waitUntil(async () => (await current()).includes('user=postgres'), 'the first conninfo to load', 5_000);
        const before = await current();
        const session = new StepSession((id) => (id === 'to' ? { ...target, host, port } : target), timeouts, Date.now, signal);
        const r = await repoint(session, 'p', 'to');
        await session.dispose?.();
        if (/[\r\n]/.test(host)) {
          expect(r.ok ? '' : r.reason).toMatch(/host holds a line break/);
          expect(await current()).toBe(before);
          return;
        }
        expect(r.ok, r.ok ? '' : r.reason).toBe(true);
        await waitUntil(async () => (await current()) !== before, 'the re-pointed conninfo to load', 5_000);
        const kv = parseKeyValue(await current());
        expect(kv.ok && Object.fromEntries(kv.value)).toEqual({ user: 'postgres', application_name: app.replace(/[\r\n]/g, ''), host, port: String(port) });
        const errors = await q(`SELECT name, error FROM pg_file_settings WHERE error IS NOT NULL`);
        expect(errors).toEqual([]);
        expect(await q(`SELECT 1 FROM pg_file_settings WHERE name = 'primary_conninfo'`)).toHaveLength(1);
      }),
      fixedRuns(25),
    );
    console.log(`bench quoting-repoint: runs=25 ms=${Date.now() - started}`);
  });
});
