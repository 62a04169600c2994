import type { ActionPlan } from '../../shared/model/action';
import type { ClusterSample } from '../../shared/model/sample';
import type { AckedWriter } from '../../test/harness/acked-writer';
import { blockers, describeRun } from '../../test/harness/pg-actions';
import type { AgentActionDriver, PgAgents } from '../../test/harness/pg-agents';
import type { PgCluster } from '../../test/harness/pg-cluster';
import { waitUntil } from '../../test/harness/pg-query';

export interface FailoverRun {
  kind: 'switchover' | 'failover';
  from: string;
  to: string;
  /** Longest stretch without an acknowledged write, as the retrying client saw it. */
  unavailableMs: number;
  /** Confirm (the plan starts running) → the new primary accepts writes. */
  writableMs: number;
  /** Confirm → every replica streaming from the new primary (switchover: the old primary too; failover: the survivors). */
  streamingMs: number;
  /** Acknowledged writes missing on the new primary (failover: those the dead primary acknowledged). */
  lostAcked: number;
  totalMs: number;
}

export interface BenchEnv {
  cluster: PgCluster;
  agents: PgAgents;
  d: AgentActionDriver;
  writer: AckedWriter;
  verbose: boolean;
  /**
   * How many of the writer's acknowledged ids earlier runs already checked. A run checks only
   * the ids after it (all acknowledged by its old primary or its new one), so a write lost in
   * one failover is not counted again by the next run.
   */
  checked: number;
}

export const nodeId = (c: PgCluster, name: string) => `127.0.0.1:${c.node(name).port}`;
const nameOf = (c: PgCluster, id: string) => c.nodes.find((n) => nodeId(c, n.name) === id)?.name ?? id;

export function primaryOf(c: PgCluster, s: ClusterSample): string {
  const p = s.nodes.find((n) => n.role === 'primary' && n.status.kind === 'up' && !n.readOnly);
  if (!p) throw new Error(`no writable primary: ${JSON.stringify(s.nodes.map((n) => [n.name, n.role, n.status.kind]))}`);
  return nameOf(c, p.id);
}

async function missingOn(c: PgCluster, name: string, ids: readonly number[]): Promise<number> {
  const rows = await c.query<{ n: number }>(name, 'SELECT count(*)::int AS n FROM rd_acked WHERE id = ANY($1::bigint[])', [ids]);
  return ids.length - (rows[0]?.n ?? 0);
}

/** Waits until every node but `except` streams from `primary` on its timeline (from the driver's samples). */
async function allStreaming(e: BenchEnv, primary: string, except: string | null): Promise<void> {
  const pid = nodeId(e.cluster, primary);
  await waitUntil(async () => {
    const s = await e.d.sample();
    return e.cluster.nodes
      .filter((n) => n.name !== primary && n.name !== except)
      .every((n) => s.links.some((l) => l.to === nodeId(e.cluster, n.name) && l.from === pid && l.state === 'streaming'));
  }, `every replica to stream from ${primary}`, 30_000);
}

function stepTimes(plan: ActionPlan) {
  const start = plan.steps[0]?.startedAt ?? 0;
  const writable = plan.steps.find((s) => s.id.startsWith('wait-writable'))?.endedAt ?? start;
  const lastStreaming = plan.steps.filter((s) => s.id.startsWith('wait-streaming')).at(-1)?.endedAt ?? writable;
  return { writableMs: writable - start, streamingMs: lastStreaming - start };
}

async function runPlanned(e: BenchEnv, plan: ActionPlan, what: string): Promise<ActionPlan> {
  const bad = blockers(plan);
  if (bad.length) throw new Error(`${what}: refused: ${bad.join('; ')}`);
  const res = await e.d.run(plan);
  if (e.verbose || res.outcome !== 'done') console.log(`${what}: ${res.outcome} in ${res.ms} ms\n${describeRun(res.plan)}`);
  if (res.outcome !== 'done') throw new Error(`${what} ${res.outcome}`);
  return res.plan;
}

async function writerMovedOn(e: BenchEnv): Promise<void> {
  const after = e.writer.acked.length;
  await waitUntil(async () => e.writer.acked.length > after + 5, 'the writer to write on the new primary', 15_000);
}

/** A planned switchover to `to` under the writer. */
export async function switchover(e: BenchEnv, to: string): Promise<FailoverRun> {
  const from = primaryOf(e.cluster, await e.d.sample());
  const plan = await e.d.plan({ kind: 'switchover', target: nodeId(e.cluster, to) });
  if (!plan.steps.some((s) => s.id.startsWith('host-stop'))) throw new Error('the switchover plan has no host steps: is the agent of the primary connected?');
  const outagesBefore = e.writer.outages.length;
  const done = await runPlanned(e, plan, `switchover ${from} → ${to}`);
  await writerMovedOn(e);
  const ids = e.writer.acked.slice(e.checked);
  e.checked += ids.length;
  const lostAcked = await missingOn(e.cluster, to, ids);
  const unavailableMs = e.writer.outages.slice(outagesBefore).reduce((m, o) => Math.max(m, o.ms), 0);
  await allStreaming(e, to, null);
  const totalMs = (done.steps.at(-1)?.endedAt ?? 0) - (done.steps[0]?.startedAt ?? 0);
  return { kind: 'switchover', from, to, unavailableMs, ...stepTimes(done), lostAcked, totalMs };
}

/** kill -9 of the primary, failover to the best candidate at once, then the old primary rejoins through its agent. */
export async function crashFailover(e: BenchEnv): Promise<FailoverRun> {
  const from = primaryOf(e.cluster, await e.d.sample());
  const outagesBefore = e.writer.outages.length;
  await e.agents.kill9(from);
  // Everything acknowledged since the last run was acknowledged by the primary that just died.
  const ackedByDead = e.writer.acked.slice(e.checked);
  e.checked += ackedByDead.length;
  const plan = await e.d.plan({ kind: 'failover', target: 'auto', maxLagBytes: 64 * 1024 * 1024, maxLagMs: 60_000 });
  const to = nameOf(e.cluster, plan.target);
  const done = await runPlanned(e, plan, `failover ${from} → ${to}`);
  await writerMovedOn(e);
  const lostAcked = await missingOn(e.cluster, to, ackedByDead);
  const unavailableMs = e.writer.outages.slice(outagesBefore).reduce((m, o) => Math.max(m, o.ms), 0);
  await allStreaming(e, to, from);
  const totalMs = (done.steps.at(-1)?.endedAt ?? 0) - (done.steps[0]?.startedAt ?? 0);
  // Back to three nodes: the old primary rejoins (pg_rewind discards what only it had).
  await runPlanned(e, await e.d.plan({ kind: 'rejoin', target: nodeId(e.cluster, from) }), `rejoin ${from}`);
  await allStreaming(e, to, null);
  return { kind: 'failover', from, to, unavailableMs, ...stepTimes(done), lostAcked, totalMs };
}
