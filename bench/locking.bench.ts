/**
 * Cost of reading in-doubt transactions and blocking chains on a busy PG15
 * primary: 5 prepared transactions, each blocking a chain of sessions (50
 * waiting in all), plus 100 idle sessions. Reads every node through the
 * PostgreSQL driver's locking reader BENCH_READS times (default 100) and
 * prints read latency (after a first read that also logs in), what one read
 * saw, and this process's CPU per read.
 * Run: npx tsx bench/locking.bench.ts   (needs PostgreSQL 15 server binaries)
 */
import { createLogger } from '../electron/core/logger';
import { createPostgresDriver } from '../electron/drivers/postgres';
import type { PostgresDriver } from '../electron/drivers/postgres/driver';
import { PostgresSpecSchema } from '../shared/model/cluster';
import { missingPgPrerequisites } from '../test/harness/pg-binaries';
import { createPgCluster } from '../test/harness/pg-cluster';
import { openSession, type TestSession } from '../test/harness/pg-sessions';
import { percentile } from './support/cpu-meter';

const READS = Number(process.env.BENCH_READS ?? 100);
const PREPARED = 5;
const WAITERS_PER_PREPARED = 10;
const IDLE = 100;

async function main(): Promise<void> {
  const missing = missingPgPrerequisites();
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: apt-get install -y postgresql-15`);
  const cluster = await createPgCluster({ standbys: 1, settings: { max_prepared_transactions: 20, max_connections: 200 } });
  const sessions: TestSession[] = [];
  const open = async () => {
    const s = await openSession(cluster.connectionString('primary'), 'bench');
    sessions.push(s);
    return s;
  };
  const spec = PostgresSpecSchema.parse({ engine: 'postgres', name: 'bench', seeds: [cluster.connectionString('primary'), cluster.connectionString('standby1')] });
  const driver = createPostgresDriver(spec, { clusterId: 'bench', log: createLogger('bench'), now: () => Date.now() }) as PostgresDriver;
  try {
    await cluster.query('primary', `CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t SELECT g, 0 FROM generate_series(1, ${PREPARED}) g`);
    for (let i = 1; i <= PREPARED; i += 1) {
      const owner = await open();
      const r = await owner.run(`BEGIN; UPDATE t SET v = 1 WHERE id = ${i}; PREPARE TRANSACTION 'bench-${i}'`);
      if (r !== 'ok') throw new Error(`prepare failed: ${r}`);
      for (let w = 0; w < WAITERS_PER_PREPARED; w += 1) void (await open()).run(`UPDATE t SET v = v + 1 WHERE id = ${i}`);
    }
    for (let i = 0; i < IDLE; i += 1) await open();
    const connected = await driver.connect(new AbortController().signal);
    if (!connected.ok) throw new Error(`connect failed: ${connected.reason}`);
    // The first read also logs in and prepares the statement: reported apart.
    const c0 = performance.now();
    await driver.readLocking(new AbortController().signal);
    const firstMs = performance.now() - c0;
    const latencies: number[] = [];
    let waiting = 0;
    let prepared = 0;
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    for (let i = 0; i < READS; i += 1) {
      const t0 = performance.now();
      const nodes = await driver.readLocking(new AbortController().signal);
      latencies.push(performance.now() - t0);
      const primary = nodes.find((n) => !n.inRecovery);
      if (!primary || primary.error) throw new Error(`the primary was not read: ${primary?.error ?? 'missing'}`);
      waiting = primary.sessions.filter((s) => s.blockedByPrepared.length > 0 || s.blockedBy.length > 0).length;
      prepared = primary.prepared.length;
    }
    const wallMs = performance.now() - wallStart;
    const cpu = process.cpuUsage(cpuStart);
    const sorted = [...latencies].sort((a, b) => a - b);
    if (waiting !== PREPARED * WAITERS_PER_PREPARED || prepared !== PREPARED) throw new Error(`saw ${prepared} prepared and ${waiting} waiting sessions, expected ${PREPARED} and ${PREPARED * WAITERS_PER_PREPARED}`);
    console.log(`reads=${READS} sessions=${sessions.length} min_ms=${sorted[0]?.toFixed(2)} max_ms=${sorted.at(-1)?.toFixed(2)}`);
    console.log(
      `bench locking: p50_ms=${percentile(sorted, 50).toFixed(2)} p99_ms=${percentile(sorted, 99).toFixed(2)} prepared_count=${prepared} waiting_count=${waiting} client_sessions_count=${sessions.length} first_read_ms=${firstMs.toFixed(1)} cpu_ms_per_read=${((cpu.user + cpu.system) / 1000 / READS).toFixed(2)} wall_s=${(wallMs / 1000).toFixed(1)}`,
    );
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
    await driver.dispose();
    await cluster.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
