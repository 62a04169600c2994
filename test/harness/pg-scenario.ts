import { expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActionService } from '../../electron/core/actions/action-service';
import { AuditLog } from '../../electron/core/actions/audit-log';
import type { ClusterRegistry } from '../../electron/core/monitor/cluster-registry';
import type { ActionRun } from '../../shared/ipc/actions';
import { ActionRequestSchema, type ActionRequest } from '../../shared/model/action';
import type { ClusterEvent } from '../../shared/model/event';
import type { ClusterSample } from '../../shared/model/sample';
import type { ClusterWatcher } from './cluster-watcher';
import type { ActionTestDriver } from './pg-actions';
import type { PgCluster } from './pg-cluster';
import { socketQuery } from './pg-query';

/** One node as its own SQL says it is, read over its socket as the superuser. */
export interface NodeTruth {
  up: boolean;
  /** pg_is_in_recovery() */
  inRecovery: boolean | null;
  timeline: number | null;
  /** pg_stat_wal_receiver: the node name its sender port belongs to, and the receiver status. */
  streamsFrom: string | null;
  receiverStatus: string | null;
  /** SHOW default_transaction_read_only / SHOW transaction_read_only (in a new session). */
  defaultReadOnly: string | null;
  transactionReadOnly: string | null;
  /** An INSERT into the probe table, rolled back: null when it was accepted, else the server's error. */
  writeRefused: string | null;
}

export const PROBE_TABLE = 'rd_scenario_probe';

/** Creates the probe table `readEveryNode` writes into (on the primary; standbys get it by replication). */
export async function createProbeTable(cluster: PgCluster, primary: string): Promise<void> {
  await cluster.query(primary, `CREATE TABLE IF NOT EXISTS ${PROBE_TABLE} (id int)`);
}

async function readNode(cluster: PgCluster, name: string): Promise<NodeTruth> {
  const q = <R extends Record<string, unknown>>(sql: string) => socketQuery<R>(cluster.root, cluster.node(name).port, sql);
  const down: NodeTruth = { up: false, inRecovery: null, timeline: null, streamsFrom: null, receiverStatus: null, defaultReadOnly: null, transactionReadOnly: null, writeRefused: null };
  let row: { rec: boolean; tli: number | null; ro: string; tro: string } | undefined;
  try {
    [row] = await q<{ rec: boolean; tli: number | null; ro: string; tro: string }>(
      `SELECT pg_is_in_recovery() AS rec,
        CASE WHEN pg_is_in_recovery()
          THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
          ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END AS tli,
        current_setting('default_transaction_read_only') AS ro, current_setting('transaction_read_only') AS tro`,
    );
  } catch {
    return down;
  }
  const [rcv] = await q<{ status: string; sender_port: number | null }>('SELECT status, sender_port FROM pg_stat_wal_receiver');
  let writeRefused: string | null = null;
  try {
    await q(`BEGIN; INSERT INTO ${PROBE_TABLE} VALUES (1); ROLLBACK`);
  } catch (e) {
    writeRefused = (e as Error).message;
  }
  return {
    up: true,
    inRecovery: row?.rec ?? null,
    timeline: row?.tli ?? null,
    streamsFrom: rcv?.sender_port ? (cluster.nodes.find((n) => n.port === rcv.sender_port)?.name ?? `port ${rcv.sender_port}`) : null,
    receiverStatus: rcv?.status ?? null,
    defaultReadOnly: row?.ro ?? null,
    transactionReadOnly: row?.tro ?? null,
    writeRefused,
  };
}

/** Every node of the cluster, by name, read by SQL: role, timeline, upstream, read-only, and whether it takes a write. */
export async function readEveryNode(cluster: PgCluster): Promise<Record<string, NodeTruth>> {
  const out: Record<string, NodeTruth> = {};
  for (const n of cluster.nodes) out[n.name] = await readNode(cluster, n.name);
  return out;
}

const expectRefusal: unknown = expect.stringMatching(/read-only transaction/);

/** A writable primary on `timeline`. */
export const writablePrimary = (timeline: number) => ({ up: true, inRecovery: false, timeline, defaultReadOnly: 'off', transactionReadOnly: 'off', writeRefused: null });
/** A fenced primary: out of recovery, refusing writes. */
export const fencedPrimary = (timeline: number) => ({ up: true, inRecovery: false, timeline, defaultReadOnly: 'on', transactionReadOnly: 'on', writeRefused: expectRefusal });
/** A standby streaming from `upstream` on `timeline`, refusing writes. */
export const streamingStandby = (upstream: string, timeline: number) => ({ up: true, inRecovery: true, timeline, streamsFrom: upstream, receiverStatus: 'streaming', transactionReadOnly: 'on', writeRefused: expectRefusal });

/**
 * The core's ActionService over a test driver, as the app wires it: plans,
 * runs (typed confirmation), audits, and reads samples against finished
 * actions (`observe`), so a test sees runs turn done and fence orders act.
 * With a watcher (on the same driver), the service reads each sample as shown
 * and its events join the watcher's list, as in the app.
 */
export function scenarioService(d: ActionTestDriver, clusterName = 'failover-test', watcher?: ClusterWatcher) {
  const runs: ActionRun[] = [];
  const events: Omit<ClusterEvent, 'id'>[] = [];
  const registry = { get: () => ({ cluster: { name: clusterName, engine: 'postgres' }, capabilities: { sampler: d.driver, actions: d.driver }, latest: null }) } as unknown as ClusterRegistry;
  const audit = new AuditLog(path.join(mkdtempSync(path.join(os.tmpdir(), 'rd-audit-')), 'audit.jsonl'));
  const service = new ActionService({ registry, journal: d.journal, audit, actor: 'test', now: Date.now, onRun: (r) => runs.push(r), onEvent: (e) => (events.push(e), watcher?.note(e)) });
  const current = (planId: string) => service.list().find((r) => r.plan.id === planId);
  return {
    service,
    runs,
    events,
    audit,
    current,
    /** Plans and runs the action; resolves with the run once it left `running`. */
    async run(request: Omit<ActionRequest, 'clusterId' | 'maxLagBytes' | 'maxLagMs'> & Partial<ActionRequest>): Promise<ActionRun> {
      const planned = await service.plan(ActionRequestSchema.parse({ clusterId: clusterName, ...request }));
      if (!planned.ok) throw new Error(`plan: ${planned.reason}`);
      const started = await service.execute(planned.value.plan.id, clusterName);
      if (!started.ok) throw new Error(`execute: ${started.reason}`);
      const id = planned.value.plan.id;
      for (let i = 0; i < 1200 && current(id)?.status === 'running'; i += 1) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 50)); // the end's audit and journal writes
      return current(id)!;
    },
    /** One fresh sample, read against finished actions as the app's monitor does. */
    async observe(): Promise<ClusterSample> {
      const s = await d.sample();
      service.observe(clusterName, watcher?.latest?.shown ?? s);
      return s;
    },
  };
}
