/**
 * MariaDB 10.11 part of the failover benchmark: the 4-server chain of the
 * integration tests (primary, two replicas, a chained replica; replicas
 * read_only), a retrying application writer (`rd_app`, no READ_ONLY ADMIN),
 * and the driver's SQL-only actions through the core's ActionService.
 * - switchover: the longest stretch without an acknowledged write that
 *   overlaps the action (the writer retries on every server in turn);
 * - failover: SIGKILL of the primary under the writer (not paused: async
 *   replication may lose the last writes, counted exactly); writable = confirm
 *   → the first write acknowledged by the new primary; detect = kill → the first
 *   sample of a driver sampling at 1 Hz (as the monitor) showing it not up.
 *   The old primary is restarted, fenced on return by core, and rejoined by the
 *   runbook line, so the next failover has the same topology.
 * lost = acknowledged ids missing on the final primary, over all runs.
 */
import mysql from 'mysql2/promise';
import type { MariadbDriver } from '../electron/drivers/mariadb';
import type { ClusterSample } from '../shared/model/sample';
import { missingMariadbPrerequisites, MARIADB_INSTALL } from '../test/harness/mariadb-binaries';
import { actionDriver, actionService, startActionChain, stepLines } from '../test/harness/mariadb-action-rig';
import { restartServer, type Restarted } from '../test/harness/mariadb-restart';
import { connectAdmin, MDB_REPL, type MariadbServer } from '../test/harness/mariadb-server';
import type { MariadbTopology } from '../test/harness/mariadb-topology';
import { lostAcked, startMariadbWriter, type MariadbWriter } from '../test/harness/mariadb-writer';
import { signal } from '../test/harness/pg-process';

export interface MdbRun {
  kind: 'switchover' | 'failover';
  from: string;
  to: string;
  unavailableMs: number | null;
  writableMs: number | null;
  detectMs: number | null;
  ranMs: number;
}

export interface MdbBenchResult {
  runs: MdbRun[];
  lostAcked: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The server that accepts the application's writes now (no channel, read_only 0). */
async function primaryOf(topo: MariadbTopology): Promise<MariadbServer> {
  for (const s of topo.servers) {
    const c = await connectAdmin(s.port).catch(() => null);
    if (!c) continue;
    try {
      const [[v]] = await c.query<mysql.RowDataPacket[]>('SELECT @@read_only AS ro');
      const [chs] = await c.query<mysql.RowDataPacket[]>('SHOW ALL SLAVES STATUS');
      if (Number(v?.ro) === 0 && chs.length === 0) return s;
    } finally {
      await c.end().catch(() => undefined);
    }
  }
  throw new Error('no writable primary');
}

/** A second driver sampling every second, as the monitor does; keeps every finished sample with its time. */
function sampleAt1Hz(driver: MariadbDriver) {
  const done: { at: number; sample: ClusterSample }[] = [];
  let on = true;
  const loop = (async () => {
    while (on) {
      const started = Date.now();
      const sample = await driver.sample(AbortSignal.timeout(5_000));
      done.push({ at: Date.now(), sample });
      await sleep(Math.max(0, 1_000 - (Date.now() - started)));
    }
  })();
  return { done, stop: async () => ((on = false), await loop) };
}

export async function runMariadbFailoverBench(o: { switchovers: number; failovers: number; verbose?: boolean }): Promise<MdbBenchResult> {
  const missing = missingMariadbPrerequisites();
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: ${MARIADB_INSTALL}`);
  const topo = await startActionChain();
  const driver = await actionDriver(topo);
  const monitor = await actionDriver(topo);
  const rig = actionService(driver);
  const restarted = new Map<string, Restarted>();
  const pids = new Map(topo.servers.map((s) => [s.name, s.pid]));
  const writer: MariadbWriter = startMariadbWriter(topo.servers.map((s) => s.port), { outageMs: 10 });
  const runs: MdbRun[] = [];
  const watch = sampleAt1Hz(monitor);
  try {
    await until(() => writer.acked.length > 50, 'the writer to start');
    const names = ['primary', 'replica1', 'replica2'];
    for (let i = 0; i < o.switchovers; i += 1) {
      const from = await primaryOf(topo);
      const to = topo.server(names[(names.indexOf(from.name) + 1) % names.length]!);
      const plan = await rig.plan({ kind: 'switchover', target: to.address });
      const t0 = Date.now();
      const { run, ms } = await rig.execute(plan);
      if (run.status !== 'done') throw new Error(`switchover to ${to.name}: ${run.status}\n${stepLines(run.plan)}`);
      await until(() => writer.writingTo === to.port, `writes on ${to.name}`);
      const during = writer.outages.filter((x) => x.to >= t0);
      runs.push({ kind: 'switchover', from: from.name, to: to.name, unavailableMs: Math.max(0, ...during.map((x) => x.ms)), writableMs: null, detectMs: null, ranMs: ms });
      if (o.verbose) console.log(stepLines(run.plan));
      console.log(fmt(runs.at(-1)!));
    }
    for (let i = 0; i < o.failovers; i += 1) {
      const old = await primaryOf(topo);
      await sleep(1_000 + Math.random() * 1_000);
      const killedAt = Date.now();
      signal(pids.get(old.name)!, 'SIGKILL');
      await until(() => watch.done.some((x) => x.at > killedAt && x.sample.nodes.some((n) => n.id === old.address && n.status.kind !== 'up' && n.status.kind !== 'degraded')), `${old.name} seen down`);
      const seen = watch.done.find((x) => x.at > killedAt && x.sample.nodes.some((n) => n.id === old.address && n.status.kind !== 'up' && n.status.kind !== 'degraded'))!;
      const plan = await rig.plan({ kind: 'failover', target: 'auto' });
      const to = topo.servers.find((s) => s.address === plan.target)!;
      const t0 = Date.now();
      const ackedBefore = writer.acked.length;
      const { run, ms } = await rig.execute(plan);
      if (run.status !== 'done-manual') throw new Error(`failover to ${to.name}: ${run.status}\n${stepLines(run.plan)}`);
      await until(() => writer.acked.length > ackedBefore && writer.writingTo === to.port, `writes on ${to.name}`);
      const writableMs = (writer.outages.find((x) => x.to >= t0)?.to ?? Date.now()) - t0;
      runs.push({ kind: 'failover', from: old.name, to: to.name, unavailableMs: null, writableMs, detectMs: seen.at - killedAt, ranMs: ms });
      if (o.verbose) console.log(stepLines(run.plan));
      console.log(fmt(runs.at(-1)!));
      // Back as a replica: restart (core fences it on return), then the runbook's rejoin.
      await restarted.get(old.name)?.stop();
      const r = await restartServer(old);
      restarted.set(old.name, r);
      pids.set(old.name, r.pid);
      await until(async () => (await rig.observe(), rig.current(plan.id)?.fenceOnReturn?.state !== 'standing'), `${old.name} fenced on return`);
      const c = await connectAdmin(old.port);
      await c.query('SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_binlog_pos');
      await c.query('CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, MASTER_USE_GTID = slave_pos', ['127.0.0.1', to.port, MDB_REPL.user, MDB_REPL.password]);
      await c.query('START SLAVE');
      await c.end();
      await until(async () => (await rig.observe(), rig.current(plan.id)?.status === 'done'), `${old.name} rejoined`);
    }
    await writer.stop();
    const final = await primaryOf(topo);
    const lost = await lostAcked(final.port, writer.acked);
    console.log(`mariadb writer: ${writer.acked.length} acknowledged writes, ${lost.length} lost${lost.length ? ` (ids ${lost.slice(0, 20).join(', ')})` : ''}`);
    return { runs, lostAcked: lost.length };
  } finally {
    await writer.stop();
    await watch.stop();
    await monitor.dispose();
    await driver.dispose();
    for (const r of restarted.values()) await r.stop();
    await topo.stop();
  }
}

function fmt(r: MdbRun): string {
  return `mariadb ${r.kind} ${r.from} → ${r.to}: ran ${r.ranMs} ms${r.unavailableMs !== null ? `, writes unavailable ${r.unavailableMs} ms` : ''}${r.writableMs !== null ? `, writable ${r.writableMs} ms after confirm` : ''}${r.detectMs !== null ? `, seen down ${r.detectMs} ms after SIGKILL` : ''}`;
}

/** The MariaDB keys of the closing `bench failover:` line (`na` when not measured). */
export function mariadbBenchKeys(r: MdbBenchResult | null, median: (xs: readonly number[]) => number | null): string {
  const f = (v: number | null | undefined) => (v === null || v === undefined ? 'na' : String(Math.round(v)));
  const of = (k: MdbRun['kind'], pick: (x: MdbRun) => number | null) => median((r?.runs ?? []).filter((x) => x.kind === k).map(pick).filter((x): x is number => x !== null));
  return [
    `mdb_switchover_unavail_ms=${f(of('switchover', (x) => x.unavailableMs))}`,
    `mdb_failover_writable_ms=${f(of('failover', (x) => x.writableMs))}`,
    `mdb_lost_acked=${f(r?.lostAcked)}`,
    `mdb_detect_down_ms=${f(of('failover', (x) => x.detectMs))}`,
  ].join(' ');
}
