/**
 * Failover benchmark on a real 3-node PG15 cluster, with the `postgres` node
 * agent on every node (in-process agent servers; the driver's host control goes
 * over the agent protocol, as in production) and a retrying client writer:
 * planned switchovers and kill -9 failovers (each followed by a rejoin of the
 * old primary through its agent). Prints a table and ends with one line:
 *   bench failover: switchover_unavail_ms=… failover_writable_ms=… replicas_streaming_ms=…
 *                   lost_acked_switchover=… lost_acked_failover=… patroni_switchover_unavail_ms=…
 *                   detect_down_ms=… detect_return_ms=…
 *                   mdb_switchover_unavail_ms=… mdb_failover_writable_ms=… mdb_lost_acked=… mdb_detect_down_ms=…
 *                   pooler_client_errors=… pooler_stall_ms=… pooler_lost_acked=… pooler_paused_ms=… pooler_vs_direct=…
 * pooler_*: switchovers through PgBouncer (PAUSE … RESUME) with 8 clients through it (bench/support/pooler-runs.ts):
 * errors and lost are totals, stall (longest client transaction overlapping the switchover) and paused are medians;
 * pooler_vs_direct = pooler_stall_ms / switchover_unavail_ms (the plain switchovers of the same run). BENCH_POOLER_RUNS=N (default 5; 0 skips).
 * Medians; lost_* are totals over all runs. replicas_streaming_ms is failover confirm → every
 * surviving replica streaming (the switchover figure is in the table).
 * detect_*: a SQL-only driver samples a separate 2-node cluster at 1 Hz as the monitor does; a standby
 * is killed with SIGKILL (down: kill → first sample showing it not up; goal ≤ 1,200 ms) and restarted
 * (return: the server accepts connections again → first sample showing it up; goal ≤ 1,500 ms).
 * Run: npx tsx bench/failover.bench.ts
 * Env: BENCH_DETECT_RUNS=N kill/restart cycles (default 5);
 *      BENCH_RUNS=N (N switchovers and N failovers) or "S,F" (default 10,10, as the issue asks); BENCH_VERBOSE=1 prints every plan;
 *      BENCH_PATRONI_SWITCHOVER_UNAVAIL_MS=<ms> fills the Patroni figure (or pass runFailoverBench({ patroni }));
 *      BENCH_MDB_RUNS="S,F" MariaDB switchovers and failovers (default 5,3; "0" skips MariaDB: mdb_* are `na`).
 */
import { pathToFileURL } from 'node:url';
import { startAckedWriter } from '../test/harness/acked-writer';
import { missingPgPrerequisites } from '../test/harness/pg-binaries';
import { agentActionDriver, startPgAgents, waitForAgentControl } from '../test/harness/pg-agents';
import { createPgCluster } from '../test/harness/pg-cluster';
import { waitUntil } from '../test/harness/pg-query';
import { measureDetection, type DetectionRun } from './support/detection-runs';
import { crashFailover, nodeId, primaryOf, switchover, type BenchEnv, type FailoverRun } from './support/failover-runs';
import { measurePatroniSwitchoverUnavailMs } from './support/patroni-switchover';
import { runPoolerBench, type PoolerRun } from './support/pooler-runs';
import { mariadbBenchKeys, runMariadbFailoverBench, type MdbBenchResult } from './mariadb-failover';

/** Patroni's switchover on the same machine, side by side; null (printed `na`) when Patroni cannot run here. */
async function patroniSideBySide(): Promise<number | null> {
  if (process.env.BENCH_PATRONI === '0') return null;
  try {
    const r = await measurePatroniSwitchoverUnavailMs(Number(process.env.BENCH_PATRONI_RUNS ?? 3));
    console.log(`patroni: ${r.runs.length} switchovers, cluster started in ${r.clusterStartMs} ms, median unavailable ${r.medianMs} ms`);
    return r.medianMs;
  } catch (e) {
    console.log(`patroni: not measured (${e instanceof Error ? e.message : String(e)})`);
    return null;
  }
}

export interface FailoverBenchOptions {
  switchovers?: number;
  failovers?: number;
  /** Patroni's switchover writes-unavailable (median ms), or null when it could not run. */
  patroni?: () => Promise<number | null>;
  verbose?: boolean;
  /** kill -9 / restart cycles of a standby for detect_*_ms (0 skips them: `na`). */
  detections?: number;
  /** Switchovers through PgBouncer for the pooler_* keys (0 or absent: `na`). */
  poolerRuns?: number;
  /** MariaDB switchovers and failovers for the mdb_* keys (bench/mariadb-failover.ts); absent: `na`. */
  mariadb?: { switchovers: number; failovers: number };
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : Math.round(((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
}

/** The closing line; `na` where a figure is missing. */
export function benchLine(runs: readonly FailoverRun[], patroniMs: number | null, detections: readonly DetectionRun[] = []): string {
  const sw = runs.filter((r) => r.kind === 'switchover');
  const fo = runs.filter((r) => r.kind === 'failover');
  const f = (v: number | null) => (v === null ? 'na' : String(Math.round(v)));
  const sum = (xs: readonly FailoverRun[]) => (xs.length ? xs.reduce((n, r) => n + r.lostAcked, 0) : null);
  return [
    'bench failover:',
    `switchover_unavail_ms=${f(median(sw.map((r) => r.unavailableMs)))}`,
    `failover_writable_ms=${f(median(fo.map((r) => r.writableMs)))}`,
    `replicas_streaming_ms=${f(median(fo.map((r) => r.streamingMs)))}`,
    `lost_acked_switchover=${f(sum(sw))}`,
    `lost_acked_failover=${f(sum(fo))}`,
    `patroni_switchover_unavail_ms=${f(patroniMs)}`,
    `detect_down_ms=${f(median(detections.map((r) => r.downMs)))}`,
    `detect_return_ms=${f(median(detections.map((r) => r.returnMs)))}`,
  ].join(' ');
}

function runsFromEnv(): { switchovers: number; failovers: number } {
  const raw = process.env.BENCH_RUNS;
  if (!raw) return { switchovers: 10, failovers: 10 };
  const [a, b] = raw.split(',').map((x) => Number(x.trim()));
  if (!Number.isInteger(a) || (a ?? 0) < 0 || (b !== undefined && (!Number.isInteger(b) || b < 0))) throw new Error(`BENCH_RUNS must be N or S,F (whole numbers), not "${raw}"`);
  return { switchovers: a ?? 10, failovers: b ?? a ?? 10 };
}

function mariadbRunsFromEnv(): { switchovers: number; failovers: number } | undefined {
  const raw = process.env.BENCH_MDB_RUNS ?? '5,3';
  const [a, b] = raw.split(',').map((x) => Number(x.trim()));
  if (!Number.isInteger(a) || (a ?? 0) < 0 || (b !== undefined && (!Number.isInteger(b) || b < 0))) throw new Error(`BENCH_MDB_RUNS must be N or S,F (whole numbers), not "${raw}"`);
  return a === 0 && (b ?? 0) === 0 ? undefined : { switchovers: a ?? 5, failovers: b ?? a ?? 3 };
}

function patroniFromEnv(): number | null {
  const raw = process.env.BENCH_PATRONI_SWITCHOVER_UNAVAIL_MS;
  return raw && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : null;
}

export async function runFailoverBench(o: FailoverBenchOptions = {}): Promise<{ runs: FailoverRun[]; line: string }> {
  const missing = missingPgPrerequisites();
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: apt-get install -y postgresql-15`);
  const cluster = await createPgCluster({ standbys: 2 });
  const agents = await startPgAgents(cluster, `bench-${process.pid}`);
  let env: BenchEnv | null = null;
  const runs: FailoverRun[] = [];
  try {
    const d = await agentActionDriver(cluster, agents.agents);
    await waitForAgentControl(d, nodeId(cluster, 'primary'));
    await cluster.query('primary', 'CREATE TABLE rd_acked (id bigint PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())');
    const writer = await startAckedWriter(Object.fromEntries(cluster.nodes.map((n) => [n.name, n.connectionString])));
    env = { cluster, agents, d, writer, verbose: o.verbose ?? false, checked: 0 };
    await waitUntil(async () => writer.acked.length > 50, 'the writer to start', 10_000);
    const names = cluster.nodes.map((n) => n.name);
    for (let i = 0; i < (o.switchovers ?? 5); i += 1) {
      const current = primaryOf(cluster, await d.sample());
      const to = names[(names.indexOf(current) + 1) % names.length] ?? 'primary';
      runs.push(await switchover(env, to));
      console.log(fmt(runs.at(-1)!));
    }
    for (let i = 0; i < (o.failovers ?? 3); i += 1) {
      runs.push(await crashFailover(env));
      console.log(fmt(runs.at(-1)!));
    }
    console.log(`writer: ${writer.acked.length} acknowledged writes in all`);
  } finally {
    await env?.writer.stop();
    await env?.d.dispose();
    await agents.stop();
    await cluster.stop();
  }
  console.table(runs);
  const sw = runs.filter((r) => r.kind === 'switchover');
  console.log(`switchover medians: writable_ms=${median(sw.map((r) => r.writableMs))} replicas_streaming_ms=${median(sw.map((r) => r.streamingMs))} total_ms=${median(sw.map((r) => r.totalMs))}`);
  const detections = o.detections ? await measureDetection(o.detections) : [];
  if (detections.length) {
    console.table(detections);
    console.log(`detection: down max ${Math.max(...detections.map((r) => r.downMs))} ms, return max ${Math.max(...detections.map((r) => r.returnMs))} ms (1 Hz sampling)`);
  }
  const patroniMs = o.patroni ? await o.patroni() : patroniFromEnv();
  let mdb: MdbBenchResult | null = null;
  if (o.mariadb) mdb = await runMariadbFailoverBench({ ...o.mariadb, verbose: o.verbose ?? false });
  const pooler = o.poolerRuns ? await runPoolerBench(o.poolerRuns, o.verbose ?? false) : [];
  if (pooler.length) console.table(pooler);
  return { runs, line: `${benchLine(runs, patroniMs, detections)} ${mariadbBenchKeys(mdb, median)} ${poolerKeys(pooler, median(sw.map((r) => r.unavailableMs)))}` };
}

/** The pooler_* keys; `na` when no pooler switchover ran. */
export function poolerKeys(runs: readonly PoolerRun[], directMs: number | null): string {
  const f = (v: number | null) => (v === null ? 'na' : String(Math.round(v)));
  const has = runs.length > 0;
  const stall = has ? median(runs.map((r) => r.stallMs)) : null;
  const paused = median(runs.flatMap((r) => (r.pausedMs === null ? [] : [r.pausedMs])));
  return [
    `pooler_client_errors=${has ? runs.reduce((n, r) => n + r.clientErrors, 0) : 'na'}`,
    `pooler_stall_ms=${f(stall)}`,
    `pooler_lost_acked=${has ? runs.reduce((n, r) => n + r.lostAcked, 0) : 'na'}`,
    `pooler_paused_ms=${f(paused)}`,
    `pooler_vs_direct=${stall !== null && directMs ? (stall / directMs).toFixed(2) : 'na'}`,
  ].join(' ');
}

function fmt(r: FailoverRun): string {
  return `${r.kind} ${r.from} → ${r.to}: unavailable ${r.unavailableMs} ms, writable ${r.writableMs} ms, streaming ${r.streamingMs} ms, lost ${r.lostAcked}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fromEnv = process.env.BENCH_PATRONI_SWITCHOVER_UNAVAIL_MS;
  runFailoverBench({ ...runsFromEnv(), poolerRuns: Number(process.env.BENCH_POOLER_RUNS ?? 5), mariadb: mariadbRunsFromEnv(), detections: Number(process.env.BENCH_DETECT_RUNS ?? 5), verbose: process.env.BENCH_VERBOSE === '1', patroni: fromEnv ? async () => Number(fromEnv) : patroniSideBySide })
    .then(({ line }) => console.log(line))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exitCode = 1;
    });
}
