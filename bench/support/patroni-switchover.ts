import pg from 'pg';
import type { ActionPlan } from '../../shared/model/action';
import { startAckedWriter, type AckedWriter } from '../../test/harness/acked-writer';
import { startPatroniCluster, type PatroniCluster } from '../../test/harness/patroni-cluster';
import { patroniDriver, type PatroniTestDriver } from '../../test/harness/patroni-driver';
import { patroniLeader } from '../../test/harness/patroni-wait';

export interface PatroniSwitchoverRun {
  from: string;
  to: string;
  outcome: 'done' | 'done-manual' | 'failed' | 'aborted';
  /** The longest stretch without an acknowledged write, as the retrying client saw it. */
  unavailableMs: number;
  /** Confirm → every member streaming again (the whole plan). */
  totalMs: number;
  /** Acknowledged writes missing on the new leader. */
  lostAcked: number;
  plan: ActionPlan;
}

async function countPresent(connectionString: string, ids: readonly number[]): Promise<number> {
  const c = new pg.Client({ connectionString });
  c.on('error', () => undefined);
  await c.connect();
  try {
    const r = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM rd_acked WHERE id = ANY($1::bigint[])', [ids]);
    return r.rows[0]?.n ?? 0;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A writer on every member (it retries on whichever accepts writes), into `rd_acked` created on the leader. */
export async function startPatroniWriter(cluster: PatroniCluster): Promise<AckedWriter> {
  const leader = await cluster.waitHealthy();
  const c = new pg.Client({ connectionString: cluster.member(leader).connectionString });
  await c.connect();
  await c.query('CREATE TABLE IF NOT EXISTS rd_acked (id bigint PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())');
  await c.end();
  return startAckedWriter(Object.fromEntries(cluster.members.map((m) => [m.name, m.connectionString])));
}

/** One switchover through Patroni (planned and run by the driver) to the next member, under the writer. */
export async function patroniSwitchoverOnce(cluster: PatroniCluster, d: PatroniTestDriver, writer: AckedWriter): Promise<PatroniSwitchoverRun> {
  const from = await cluster.waitHealthy();
  const names = cluster.members.map((m) => m.name);
  const to = names[(names.indexOf(from) + 1) % names.length] ?? from;
  await new Promise((r) => setTimeout(r, 300)); // steady writes before
  const plan = await d.plan({ kind: 'switchover', target: cluster.member(to).nodeId });
  const outagesBefore = writer.outages.length;
  const res = await d.run(plan);
  await new Promise((r) => setTimeout(r, 300)); // let the writer find the new leader
  const unavailableMs = writer.outages.slice(outagesBefore).reduce((m, o) => Math.max(m, o.ms), 0);
  const leader = (await patroniLeader(cluster.members)) ?? to;
  const acked = [...writer.acked];
  const lostAcked = acked.length - (await countPresent(cluster.member(leader).connectionString, acked));
  return { from, to, outcome: res.outcome, unavailableMs, totalMs: res.ms, lostAcked, plan: res.plan };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/**
 * For bench:failover's `patroni_switchover_unavail_ms`: starts a 3-member
 * Patroni cluster on one etcd, runs `runs` switchovers through Patroni under
 * a retrying writer, and returns the median writes-unavailable window (ms).
 * Throws (with the reason) when Patroni cannot run here: print `na` then.
 */
export async function measurePatroniSwitchoverUnavailMs(runs = 5): Promise<{ medianMs: number; runs: PatroniSwitchoverRun[]; clusterStartMs: number }> {
  const cluster = await startPatroniCluster(3);
  let d: PatroniTestDriver | null = null;
  let writer: AckedWriter | null = null;
  try {
    d = await patroniDriver(cluster);
    writer = await startPatroniWriter(cluster);
    const done: PatroniSwitchoverRun[] = [];
    for (let i = 0; i < runs; i += 1) {
      const r = await patroniSwitchoverOnce(cluster, d, writer);
      if (r.outcome !== 'done') throw new Error(`Patroni switchover ${r.from} → ${r.to} ${r.outcome}: ${r.plan.steps.map((s) => `${s.state} ${s.detail ?? ''}`).join(' | ')}`);
      done.push(r);
    }
    return { medianMs: median(done.map((r) => r.unavailableMs)), runs: done, clusterStartMs: cluster.startMs };
  } finally {
    await writer?.stop();
    await d?.dispose();
    await cluster.stop();
  }
}
