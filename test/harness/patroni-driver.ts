import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActionJournal } from '../../electron/core/actions/action-journal';
import { runPlan } from '../../electron/core/actions/action-runner';
import { createLogger } from '../../electron/core/logger';
import { PostgresDriver } from '../../electron/drivers/postgres';
import { ActionRequestSchema, type ActionPlan, type ActionRequest } from '../../shared/model/action';
import { PostgresSpecSchema } from '../../shared/model/cluster';
import type { ClusterSample } from '../../shared/model/sample';
import type { PatroniCluster } from './patroni-cluster';

export interface PatroniTestDriver {
  driver: PostgresDriver;
  sample(): Promise<ClusterSample>;
  plan(request: Omit<ActionRequest, 'clusterId' | 'maxLagBytes' | 'maxLagMs'> & Partial<ActionRequest>): Promise<ActionPlan>;
  /** Runs a plan through the core's runPlan, journalled. */
  run(plan: ActionPlan): Promise<{ outcome: 'done' | 'failed' | 'aborted'; plan: ActionPlan; ms: number }>;
  dispose(): Promise<void>;
}

/** The postgres driver on a Patroni cluster: every member a seed, Patroni's REST URLs and its etcd named in the spec. */
export async function patroniDriver(cluster: PatroniCluster, opts: { withDcs?: boolean; withUrls?: boolean } = {}): Promise<PatroniTestDriver> {
  const spec = PostgresSpecSchema.parse({
    engine: 'postgres',
    name: 'patroni-test',
    seeds: cluster.members.map((m) => m.connectionString),
    discoveryPorts: cluster.members.map((m) => m.pgPort),
    ...(opts.withUrls === false ? {} : { patroniUrls: cluster.members.map((m) => m.restUrl) }),
    ...(opts.withDcs === false ? {} : { patroniDcs: { etcdUrls: cluster.etcdUrls } }),
    timeouts: { connectTimeoutMs: 2_000, queryTimeoutMs: 5_000 },
  });
  const driver = new PostgresDriver(spec, { clusterId: 'patroni-test', log: createLogger('test/patroni'), now: () => Date.now() });
  const connected = await driver.connect(new AbortController().signal);
  if (!connected.ok) throw new Error(`driver did not connect: ${connected.reason}`);
  const journalDir = mkdtempSync(path.join(os.tmpdir(), 'rd-patroni-journal-'));
  const journal = new ActionJournal(journalDir);
  return {
    driver,
    sample: () => driver.sample(new AbortController().signal),
    async plan(request) {
      const res = await driver.planAction(ActionRequestSchema.parse({ clusterId: 'patroni-test', ...request }), new AbortController().signal);
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
