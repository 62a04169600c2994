import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActionJournal } from '../../electron/core/actions/action-journal';
import { ActionService } from '../../electron/core/actions/action-service';
import { AuditLog } from '../../electron/core/actions/audit-log';
import type { ClusterRegistry } from '../../electron/core/monitor/cluster-registry';
import type { MariadbDriver } from '../../electron/drivers/mariadb';
import { MariadbEngineActions } from '../../electron/drivers/mariadb/engine-actions';
import type { ActionRun } from '../../shared/ipc/actions';
import { ActionRequestSchema, type ActionPlan, type ActionRequest } from '../../shared/model/action';
import type { ClusterEvent } from '../../shared/model/event';
import type { MariadbSpec } from '../../shared/model/cluster';
import { mariadbDriver } from './mariadb-driver';
import { gtidBinlogPos, waitApplied } from './mariadb-replication';
import { MDB_REPL } from './mariadb-server';
import { startChainTopology, type MariadbTopology } from './mariadb-topology';
import { MDB_APP } from './mariadb-writer';

export const MDB_CLUSTER = 'mdb-actions';

/**
 * The chain (primary, replica1, replica2, chained under replica1) made ready for
 * actions: replicas read_only, the application account `rd_app` and tables
 * `rd.acked` (the writer's) and `rd.probe` (write probes), applied everywhere.
 */
export async function startActionChain(): Promise<MariadbTopology> {
  const topo = await startChainTopology();
  try {
    const p = await topo.server('primary').admin();
    await p.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [MDB_APP.user, '127.0.0.1', MDB_APP.password]);
    await p.query('GRANT SELECT, INSERT ON rd.* TO ?@?', [MDB_APP.user, '127.0.0.1']);
    await p.query('CREATE TABLE IF NOT EXISTS rd.acked (id BIGINT PRIMARY KEY, at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))');
    await p.query('CREATE TABLE IF NOT EXISTS rd.probe (id INT)');
    const pos = await gtidBinlogPos(topo.server('primary'));
    for (const s of topo.servers.filter((x) => x.name !== 'primary')) {
      await waitApplied(s, pos);
      await (await s.admin()).query('SET GLOBAL read_only = 1');
    }
    return topo;
  } catch (e) {
    await topo.stop();
    throw e;
  }
}

/** A driver that knows every server as a seed (so it reaches them with the primary dead), with the replication account. */
export async function actionDriver(topo: MariadbTopology, extra: Partial<MariadbSpec> = {}): Promise<MariadbDriver> {
  const d = mariadbDriver(
    topo.servers.map((s) => s.address),
    { name: MDB_CLUSTER, replication: { user: MDB_REPL.user, password: MDB_REPL.password }, timeouts: { connectTimeoutMs: 1_000, queryTimeoutMs: 3_000 }, ...extra },
  );
  const c = await d.connect(AbortSignal.timeout(10_000));
  if (!c.ok) throw new Error(`driver did not connect: ${c.reason}`);
  return d;
}

/** The core's ActionService over the driver, as the app wires it (journal, audit, typed confirmation, follow-ups). */
export function actionService(driver: MariadbDriver) {
  const runs: ActionRun[] = [];
  const events: Omit<ClusterEvent, 'id'>[] = [];
  const registry = { get: () => ({ cluster: { name: MDB_CLUSTER, engine: 'mariadb' }, capabilities: { sampler: driver, actions: new MariadbEngineActions(driver.actions, driver.galeraActions) }, latest: null }) } as unknown as ClusterRegistry;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rd-mdb-actions-'));
  const audit = new AuditLog(path.join(dir, 'audit.jsonl'));
  const service = new ActionService({ registry, journal: new ActionJournal(path.join(dir, 'journal')), audit, actor: 'test', now: Date.now, onRun: (r) => runs.push(r), onEvent: (e) => events.push(e) });
  const current = (planId: string) => service.list().find((r) => r.plan.id === planId);
  return {
    service,
    runs,
    events,
    audit,
    current,
    async plan(request: Omit<ActionRequest, 'clusterId' | 'maxLagBytes' | 'maxLagMs'> & Partial<ActionRequest>): Promise<ActionPlan> {
      const planned = await service.plan(ActionRequestSchema.parse({ clusterId: MDB_CLUSTER, ...request }));
      if (!planned.ok) throw new Error(`plan: ${planned.reason}`);
      return planned.value.plan;
    },
    /** Runs a planned action; resolves with the run once it left `running`, and the ms it ran. */
    async execute(plan: ActionPlan): Promise<{ run: ActionRun; ms: number }> {
      const started = Date.now();
      const ex = await service.execute(plan.id, MDB_CLUSTER);
      if (!ex.ok) throw new Error(`execute: ${ex.reason}`);
      for (let i = 0; i < 1200 && current(plan.id)?.status === 'running'; i += 1) await new Promise((r) => setTimeout(r, 20));
      const ms = Date.now() - started;
      await new Promise((r) => setTimeout(r, 50)); // the end's audit and journal writes
      return { run: current(plan.id)!, ms };
    },
    /** One fresh sample read against finished actions, as the monitor does. */
    async observe() {
      const s = await driver.sample(AbortSignal.timeout(10_000));
      // Runs carry the driver's cluster id (the sample's), as in the app.
      service.observe(s.clusterId, s);
      return s;
    },
  };
}

/** A plan's steps, one line each, for a failing assertion's message. */
export function stepLines(plan: ActionPlan): string {
  return plan.steps.map((s) => `${s.state} ${s.title}: ${s.detail ?? ''}`).join('\n');
}
