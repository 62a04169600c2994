import { poolerActionRig } from '../../test/harness/pooler-actions';
import { startPoolerLoad } from '../../test/harness/pooler-load';
import { describeRun } from '../../test/harness/pg-actions';

export interface PoolerRun {
  from: string;
  to: string;
  outcome: string;
  clientErrors: number;
  /** Longest transaction (ms) of the 8 clients that overlapped the switchover. */
  stallMs: number;
  committed: number;
  lostAcked: number;
  pausedMs: number | null;
}

/**
 * Switchovers through PgBouncer (PAUSE … RESUME) on a 3-node PG15 cluster with 8 Node clients
 * committing INSERTs through the pooler (transaction pooling, no retries): every error counts,
 * and lost = committed − rows on the new primary.
 */
export async function runPoolerBench(n: number, verbose: boolean): Promise<PoolerRun[]> {
  const r = await poolerActionRig();
  const runs: PoolerRun[] = [];
  try {
    for (let i = 0; i < n; i += 1) {
      const nodes = r.rig.cluster.nodes;
      const facts = await Promise.all(nodes.map(async (x) => ({ name: x.name, port: x.port, row: (await r.rig.cluster.query<{ rec: boolean; up: number | null }>(x.name, 'SELECT pg_is_in_recovery() AS rec, (SELECT sender_port FROM pg_stat_wal_receiver) AS up'))[0] })));
      const from = facts.find((f) => f.row && !f.row.rec);
      const to = facts.find((f) => f.row?.rec && f.row.up === from?.port);
      if (!from || !to) throw new Error('no primary with a direct standby');
      const table = `bench_pooled_${i}`;
      const load = await startPoolerLoad(r.rig.appConfig(), table, 8);
      await new Promise((res) => setTimeout(res, 1_000));
      const plan = await r.driver.plan({ kind: 'switchover', target: `127.0.0.1:${to.port}` });
      const t0 = Date.now();
      const run = await r.driver.run(plan);
      load.markWindow(t0, Date.now());
      await new Promise((res) => setTimeout(res, 500));
      const res = await load.stop();
      const [row] = await r.rig.cluster.query<{ n: string }>(to.name, `SELECT count(*)::text AS n FROM ${table}`);
      const rows = Number(row?.n ?? 0);
      const resume = run.plan.steps.find((s) => s.id.startsWith('pooler-resume'))?.detail ?? '';
      const paused = /after (\d+) ms paused/.exec(resume);
      runs.push({ from: from.name, to: to.name, outcome: run.outcome, clientErrors: res.errors.length, stallMs: res.maxLatencyInWindowMs, committed: res.committed, lostAcked: Math.max(0, res.committed - rows), pausedMs: paused ? Number(paused[1]) : null });
      if (verbose || run.outcome !== 'done') console.log(describeRun(run.plan));
      if (res.errors.length) console.log(`client errors: ${res.errors.slice(0, 5).join(' | ')}`);
      console.log(`pooler switchover ${from.name} → ${to.name}: ${run.outcome}, errors ${res.errors.length}, stall ${res.maxLatencyInWindowMs} ms, paused ${paused?.[1] ?? '?'} ms, committed ${res.committed}, rows ${rows}`);
      if (run.outcome !== 'done') break;
    }
  } finally {
    await r.stop();
  }
  return runs;
}
