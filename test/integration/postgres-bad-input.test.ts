import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePostgresSpec } from '../../electron/drivers/postgres';
import { startGarbageServer, startHangingServer, type FakeServer } from '../harness/fake-servers';
import { freePort } from '../harness/free-port';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { postgresDriver, type TestDriver } from '../harness/pg-driver';

/** A single server with scram password auth and ssl=off, plus two fake servers. */
let cluster: PgCluster;
let garbage: FakeServer;
let hanging: FakeServer;
const drivers: TestDriver[] = [];
const TIMEOUT_MS = 1_000;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 0 });
  garbage = await startGarbageServer();
  hanging = await startHangingServer();
});

afterAll(async () => {
  await Promise.all(drivers.map((d) => d.dispose()));
  await cluster?.stop();
  await garbage?.close();
  await hanging?.close();
});

/** connect() then sample(): neither may throw; returns the failure and the seed node's status. */
async function attempt(seed: string) {
  const d = postgresDriver([seed], { connectTimeoutMs: TIMEOUT_MS, queryTimeoutMs: TIMEOUT_MS });
  drivers.push(d);
  const started = performance.now();
  const connected = await d.driver.connect(new AbortController().signal);
  const elapsedMs = performance.now() - started;
  if (connected.ok) throw new Error(`expected ${seed} to fail`);
  const sample = await d.sample();
  return { failure: connected, elapsedMs, sample, node: sample.nodes[0] };
}

describe('postgres bad input: a code and a reason, never a throw', () => {
  it('malformed connection string', async () => {
    const seed = 'postgresql://admin:hunter2@db:port/app';
    const valid = validatePostgresSpec({ seeds: [seed] });
    expect(valid).toMatchObject({ ok: false, code: 'invalid-connection-string' });
    expect(!valid.ok && valid.reason).toMatch(/seed 1 .*port/);
    expect(!valid.ok && valid.reason).not.toContain('hunter2');
    const d = postgresDriver([seed]);
    drivers.push(d);
    expect(await d.driver.connect(new AbortController().signal)).toMatchObject({ ok: false, code: 'invalid-connection-string' });
    expect(validatePostgresSpec({ seeds: ['host=db prot=5432'] })).toMatchObject({ ok: false, code: 'invalid-connection-string' });
  });

  it('wrong password', async () => {
    const { failure, node } = await attempt(cluster.connectionString('primary', { user: 'postgres', password: 'wrong' }));
    expect(failure.code).toBe('auth-failed');
    expect(failure.reason).toMatch(/password authentication failed for user "postgres": check the password/);
    expect(node?.status).toMatchObject({ kind: 'unreachable' });
  });

  it('refused port', async () => {
    const port = await freePort();
    const { failure, node } = await attempt(`postgresql://postgres:x@127.0.0.1:${port}/postgres`);
    expect(failure.code).toBe('connection-refused');
    expect(failure.reason).toMatch(new RegExp(`nothing accepts connections on 127.0.0.1:${port}: is the server running`));
    expect(node?.status.kind).toBe('unreachable');
  });

  it('TLS mismatch: sslmode=require against a server with ssl=off', async () => {
    const ssl = await cluster.query<{ ssl: string }>('primary', 'SHOW ssl');
    expect(ssl[0]?.ssl).toBe('off');
    const { failure } = await attempt(cluster.connectionString('primary', { params: 'sslmode=require' }));
    expect(failure.code).toBe('tls-mismatch');
    expect(failure.reason).toMatch(/SSL turned off .*sslmode=require/);
  });

  it('a server that is not PostgreSQL', async () => {
    const { failure, elapsedMs } = await attempt(`postgresql://postgres:x@127.0.0.1:${garbage.port}/postgres`);
    expect(garbage.accepted).toBeGreaterThan(0);
    expect(failure.code).toBe('not-postgres');
    expect(failure.reason).toMatch(/does not speak PostgreSQL \(it answered "HTTP\/1.1 400/);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS);
  });

  it('a node that accepts and never answers: timeout within the configured timeout', async () => {
    const { failure, elapsedMs, sample } = await attempt(`postgresql://postgres:x@127.0.0.1:${hanging.port}/postgres`);
    expect(hanging.accepted).toBeGreaterThan(0);
    expect(failure.code).toBe('timeout');
    expect(failure.reason).toMatch(/no answer within 1000 ms while connecting/);
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 500);
    // The sample is bounded by the same timeout (and usually instant while the connection backs off).
    expect(sample.durationMs).toBeLessThan(TIMEOUT_MS + 500);
    expect(sample.nodes[0]?.status).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/no answer within/) });
  });

  it('the right password works on the same server', async () => {
    const d = postgresDriver([cluster.node('primary').connectionString]);
    drivers.push(d);
    expect(await d.driver.connect(new AbortController().signal)).toEqual({ ok: true, value: { kind: 'primary-replica' } });
  });
});
