/**
 * Sample-latency benchmark of the PostgreSQL driver against a real 3-node
 * cluster (primary + 2 standbys): samples at 1 Hz for BENCH_SECONDS (default 60)
 * and prints p50/p99 latency, queries per node and this process's CPU.
 * Run: npx tsx bench/sample.bench.ts   (needs PostgreSQL 15 server binaries)
 */
import { createLogger } from '../electron/core/logger';
import { createPostgresDriver } from '../electron/drivers/postgres';
import { PostgresSpecSchema } from '../shared/model/cluster';
import { missingPgPrerequisites } from '../test/harness/pg-binaries';
import { createPgCluster } from '../test/harness/pg-cluster';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const INTERVAL_MS = 1_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const missing = missingPgPrerequisites();
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: apt-get install -y postgresql-15`);
  const cluster = await createPgCluster({ standbys: 2 });
  console.log(`cluster of 3 created in ${cluster.createdInMs} ms`);
  const spec = PostgresSpecSchema.parse({
    engine: 'postgres',
    name: 'bench',
    seeds: [cluster.node('primary').connectionString],
    discoveryPorts: cluster.nodes.map((n) => n.port),
  });
  const driver = createPostgresDriver(spec, { clusterId: 'bench', log: createLogger('bench'), now: () => Date.now() });
  try {
    const connected = await driver.connect(new AbortController().signal);
    if (!connected.ok) throw new Error(`connect failed: ${connected.reason}`);
    const latencies: number[] = [];
    const queries: number[] = [];
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    for (let i = 0; i < seconds; i += 1) {
      const tick = performance.now();
      const sample = await driver.sample(new AbortController().signal);
      latencies.push(performance.now() - tick);
      queries.push(sample.queriesPerNode);
      const up = sample.nodes.filter((n) => n.status.kind === 'up').length;
      if (up !== 3) console.warn(`sample ${i}: only ${up} of 3 nodes up`);
      await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL_MS - (performance.now() - tick))));
    }
    const cpu = process.cpuUsage(cpuStart);
    const wallMs = performance.now() - wallStart;
    const cpuPct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const qpn = queries.reduce((a, b) => a + b, 0) / Math.max(1, queries.length);
    console.log(`samples=${latencies.length} min_ms=${sorted[0]?.toFixed(2)} max_ms=${sorted.at(-1)?.toFixed(2)} wall_s=${(wallMs / 1000).toFixed(1)}`);
    console.log(`bench sample: p50_ms=${p50.toFixed(2)} p99_ms=${p99.toFixed(2)} queries_per_node=${qpn.toFixed(2)} cpu_pct=${cpuPct.toFixed(2)}`);
  } finally {
    await driver.dispose();
    await cluster.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
