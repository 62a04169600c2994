import pg from 'pg';
import type { ActionRun } from '../../shared/ipc/actions';
import { ActionRequestSchema, type ActionPlan, type ActionRequest } from '../../shared/model/action';
import type { ClusterSample } from '../../shared/model/sample';
import { watchDriver, type ClusterWatcher } from './cluster-watcher';
import { waitUntil } from './pg-query';
import { createProbeTable, scenarioService } from './pg-scenario';
import { poolerActionRig, type PoolerActionRig } from './pooler-actions';

/** Failover scenes through PgBouncer (test/integration/pooler-failover.test.ts). */
export const nodeOf = (sample: ClusterSample, id: string) => sample.nodes.find((n) => n.id === id);

/** One rig (3 PG15 nodes behind PgBouncer 1.18), watched and acted on through the core's ActionService, as the UI does. */
export interface Scene {
  r: PoolerActionRig;
  watch: ClusterWatcher;
  svc: ReturnType<typeof scenarioService>;
  id(name: string): string;
}

export async function scene(agent: boolean, serverLoginRetryS = 1): Promise<Scene> {
  const r = await poolerActionRig({ agent, bouncer: { serverLoginRetryS } });
  const watch = watchDriver(r.driver);
  const svc = scenarioService(r.driver, 'pooler-test', watch);
  await createProbeTable(r.rig.cluster, 'primary');
  await r.rig.cluster.waitForStreaming();
  return { r, watch, svc, id: (name) => `127.0.0.1:${r.rig.cluster.node(name).port}` };
}

/** The primary crashes (SIGKILL); resolves once the app's headline says it is down. */
export async function crashPrimary(s: Scene): Promise<void> {
  // A write through the pooler first: the route carried writes, so leaving it behind is an alarm.
  await pooledWrite(s, 'before');
  // This rig runs with synchronous_commit = off: wait until both standbys have replayed it (and the probe table).
  for (const n of ['standby1', 'standby2']) {
    await waitUntil(async () => (await s.r.rig.cluster.query(n, "SELECT 1 FROM pooled_failover WHERE tag = 'before' AND to_regclass('rd_scenario_probe') IS NOT NULL")).length > 0, `${n} to replay the write`, 10_000);
  }
  await s.svc.observe();
  await s.r.rig.cluster.kill9('primary');
  await waitUntil(async () => (await s.svc.observe(), s.watch.latest?.headline.state === 'primary-down'), 'the headline to say primary down', 15_000);
}

/** Plans as the UI does (ActionService.plan), so the plan can be read before it is confirmed. */
export async function plan(s: Scene, request: Omit<ActionRequest, 'clusterId' | 'maxLagBytes' | 'maxLagMs'>): Promise<ActionPlan> {
  const planned = await s.svc.service.plan(ActionRequestSchema.parse({ clusterId: 'pooler-test', ...request }));
  if (!planned.ok) throw new Error(`plan: ${planned.reason}`);
  return planned.value.plan;
}

/** Confirms (typed cluster name) and runs a planned action, sampling as the monitor does; resolves once it left `running`. */
export async function execute(s: Scene, planId: string): Promise<ActionRun> {
  const started = await s.svc.service.execute(planId, 'pooler-test');
  if (!started.ok) throw new Error(`execute: ${started.reason}`);
  const ended = (async () => {
    for (let i = 0; i < 1200 && s.svc.current(planId)?.status === 'running'; i += 1) await new Promise((res) => setTimeout(res, 50));
    await new Promise((res) => setTimeout(res, 50));
    return s.svc.current(planId)!;
  })();
  return s.watch.during(() => s.svc.observe(), ended);
}

/** One INSERT through PgBouncer as the application; returns the server port and recovery state it ran on. */
export async function pooledWrite(s: Scene, tag: string, timeoutMs = 5_000): Promise<{ port: number; rec: boolean }> {
  const c = new pg.Client({ ...s.r.rig.appConfig(), connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query('CREATE TABLE IF NOT EXISTS pooled_failover (tag text, at timestamptz DEFAULT clock_timestamp())');
    await c.query('INSERT INTO pooled_failover (tag) VALUES ($1)', [tag]);
    const { rows } = await c.query<{ port: number; rec: boolean }>("SELECT current_setting('port')::int AS port, pg_is_in_recovery() AS rec");
    return rows[0]!;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** SHOW DATABASES on PgBouncer's admin console: appdb's host:port. */
export async function appdbRoute(s: Scene): Promise<string> {
  const row = (await s.r.rig.bouncer.admin('SHOW DATABASES')).find((x) => x.name === 'appdb');
  return `${String(row?.host)}:${String(row?.port)}`;
}


/** New logins through PgBouncer, one after another ('SELECT 1' each), with when each failed or first succeeded. */
export function startLogins(s: Scene): { okCount(): number; stop(): Promise<{ errors: { at: number; msg: string }[]; okAt: number[] }> } {
  let running = true;
  const errors: { at: number; msg: string }[] = [];
  const okAt: number[] = [];
  const loop = (async () => {
    while (running) {
      const t = Date.now();
      const c = new pg.Client({ ...s.r.rig.appConfig(), connectionTimeoutMillis: 30_000, query_timeout: 30_000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        await c.query('SELECT 1');
        okAt.push(Date.now());
      } catch (e) {
        errors.push({ at: Date.now(), msg: `${(e as Error).message} (after ${Date.now() - t} ms)` });
      } finally {
        await c.end().catch(() => undefined);
      }
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  return {
    okCount: () => okAt.length,
    async stop() {
      running = false;
      await loop;
      return { errors, okAt };
    },
  };
}

