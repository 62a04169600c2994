import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActionJournal } from '../../electron/core/actions/action-journal';
import { runPlan, type RunOutcome } from '../../electron/core/actions/action-runner';
import { createLogger } from '../../electron/core/logger';
import { PostgresDriver, type HostControl } from '../../electron/drivers/postgres';
import { ActionRequestSchema, type ActionPlan, type ActionRequest } from '../../shared/model/action';
import { PostgresSpecSchema, type PostgresSpec } from '../../shared/model/cluster';
import type { ClusterSample } from '../../shared/model/sample';
import type { PgCluster } from './pg-cluster';

export interface ActionTestDriver {
  driver: PostgresDriver;
  journal: ActionJournal;
  journalDir: string;
  sample(): Promise<ClusterSample>;
  plan(request: Omit<ActionRequest, 'clusterId' | 'maxLagBytes' | 'maxLagMs'> & Partial<ActionRequest>): Promise<ActionPlan>;
  /** Runs a plan through the core's runPlan, journalled; times each step. */
  run(plan: ActionPlan): Promise<{ outcome: RunOutcome; plan: ActionPlan; ms: number }>;
  dispose(): Promise<void>;
}

/** A postgres driver that knows every node as a seed (so it reaches them with the primary dead), with host control. */
export async function actionDriver(cluster: PgCluster, host: HostControl | null): Promise<ActionTestDriver> {
  const spec = PostgresSpecSchema.parse({
    engine: 'postgres',
    name: 'failover-test',
    seeds: cluster.nodes.map((n) => n.connectionString),
    discoveryPorts: cluster.nodes.map((n) => n.port),
    timeouts: { connectTimeoutMs: 2_000, queryTimeoutMs: 5_000 },
  });
  return connectActionDriver(spec, host);
}

/**
 * Connects a postgres driver built from `spec` and wraps it for action tests:
 * plans through `planAction`, runs through the core's journalled `runPlan`.
 * Shared by the SQL, agent and Patroni failover harnesses.
 */
export async function connectActionDriver(spec: PostgresSpec, host: HostControl | null = null): Promise<ActionTestDriver> {
  const clusterId = spec.name;
  const driver = new PostgresDriver(spec, { clusterId, log: createLogger(`test/${clusterId}`), now: () => Date.now() }, host);
  const connected = await driver.connect(new AbortController().signal);
  if (!connected.ok) throw new Error(`driver did not connect: ${connected.reason}`);
  const journalDir = mkdtempSync(path.join(os.tmpdir(), 'rd-journal-'));
  const journal = new ActionJournal(journalDir);
  return {
    driver,
    journal,
    journalDir,
    sample: () => driver.sample(new AbortController().signal),
    async plan(request) {
      const res = await driver.planAction(ActionRequestSchema.parse({ clusterId, ...request }), new AbortController().signal);
      if (!res.ok) throw new Error(`planAction failed: ${res.reason}`);
      return res.value;
    },
    async run(plan) {
      const started = Date.now();
      const res = await runPlan(plan, (step, signal) => driver.executeStep(plan, step, signal), journal, {
        now: () => Date.now(),
        onProgress: () => undefined,
        signal: new AbortController().signal,
      });
      return { ...res, ms: Date.now() - started };
    },
    async dispose() {
      await driver.dispose();
      rmSync(journalDir, { recursive: true, force: true });
    },
  };
}

/** The failing blockers of a plan, as `id: explanation` lines (empty when it may run). */
export function blockers(plan: ActionPlan): string[] {
  return plan.checks.filter((c) => !c.ok && c.severity === 'blocker').map((c) => `${c.id}: ${c.explanation}`);
}

/** One line per step: state, duration, detail. */
export function describeRun(plan: ActionPlan): string {
  return plan.steps.map((s) => `  ${s.state.padEnd(7)} ${String((s.endedAt ?? 0) - (s.startedAt ?? 0)).padStart(5)} ms  ${s.title}: ${s.detail ?? ''}`).join('\n');
}
