/**
 * History benchmark (electron/core/history): 1,000 links (250 synthetic clusters × 4) at 1 Hz.
 *  - write_cpu_pct: this process's CPU (user+system) over a real-time window of BENCH_WINDOW_S s (default 60) while a
 *    HistoryStore with its own 1 s flush timer takes one delta per second, minus the same window's CPU with the
 *    deltas built but not stored (the generator's own cost);
 *  - db_mb_per_hour: growth of the used pages over BENCH_SIM_MIN simulated minutes (default 15) of all 1,000 links,
 *    written with the store's own writers at backdated times, scaled to one hour;
 *  - chart_24h_ms / chart_90d_ms: one link with 24 h of 1 Hz history, and one with 90 days of history written one
 *    point a minute (so every rollup tier holds what 1 Hz would leave after retention), median of 7 reads;
 *  - travel_ms: `history:at` of a cluster at a random past moment, median of 50; restart_ms: close and reopen.
 * Run: npm run bench:history
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HistoryStore } from '../electron/core/history/history-store';
import { usedBytes } from '../electron/core/history/retention';
import { createLogger } from '../electron/core/logger';
import { clusterIdOf, LINKS_PER_CLUSTER, syntheticDelta } from './history/synthetic';

const CLUSTERS = 250;
const LINKS = CLUSTERS * LINKS_PER_CLUSTER;
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 70);
const SIM_MIN = Number(process.env.BENCH_SIM_MIN ?? 15);
const DAY = 86_400_000;
const log = createLogger('bench-history');
const dir = mkdtempSync(path.join(tmpdir(), 'rd-bench-history-'));
const file = path.join(dir, 'history.db');
const mb = (b: number) => b / 1024 / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function cpuWindow(store: HistoryStore | null): Promise<number> {
  const start = cpuMs();
  const t0 = performance.now();
  for (let s = 0; s < WINDOW_S; s++) {
    const d = syntheticDelta(CLUSTERS, Date.now(), 20 * 60_000);
    store?.ingest(d);
    await sleep(1_000 - ((performance.now() - t0) % 1_000));
  }
  return ((cpuMs() - start) / (performance.now() - t0)) * 100;
}

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
}

/** All 1,000 links at 1 Hz from `from` to `to`, backdated, one flush (transaction) per simulated second. */
function simulate(store: HistoryStore, clock: { t: number }, from: number, to: number): number {
  return timed(() => {
    for (let at = from; at < to; at += 1_000) {
      store.ingest(syntheticDelta(CLUSTERS, at, 20 * 60_000));
      clock.t = at;
      store.flush();
    }
  })[1];
}

async function main(): Promise<void> {
  // The CPU window runs on its own file, pre-filled with 10 min so every link has its own pages (steady state).
  const windowFile = path.join(dir, 'window.db');
  const preClock = { t: 0 };
  const pre = new HistoryStore({ file: windowFile, now: () => preClock.t, log, flushEveryMs: 0, maintainEveryMs: 0 });
  simulate(pre, preClock, Date.now() - 11 * 60_000, Date.now() - 60_000);
  pre.close();
  let store = new HistoryStore({ file: windowFile, now: Date.now, log });
  console.log(`window of ${WINDOW_S} s at 1 Hz, ${LINKS} links (staged points move once a minute, so a ≥ 60 s window includes a move): baseline (deltas built, not stored)…`);
  const base = await cpuWindow(null);
  console.log(`  generator alone ${base.toFixed(2)} % of one core; now with the store…`);
  const withStore = await cpuWindow(store);
  const writeCpu = Math.max(0, withStore - base);
  console.log(`  with the store ${withStore.toFixed(2)} % → writes ${writeCpu.toFixed(2)} % of one core`);
  store.close();

  // Simulated (backdated) history, written through the store's own writers; the clock is the simulated one.
  const clock = { t: Date.now() - 90 * DAY };
  store = new HistoryStore({ file, now: () => clock.t, log, flushEveryMs: 0, maintainEveryMs: 0 });
  const chart90 = { clusterId: 'long-90d', linkId: 'a->b' };
  const chart24 = { clusterId: 'long-24h', linkId: 'a->b' };
  const end = Date.now();
  const point = (at: number, v: number) => ({ at, sentBytes: v >> 2, writeBytes: v >> 1, flushBytes: v >> 1, replayBytes: v, writeMs: 2, flushMs: 3, replayMs: v >> 12 });
  console.log('simulating 90 days of one link (one point a minute)…');
  for (let at = end - 90 * DAY; at < end; at += 60 * 60_000) {
    const lagPoints = [];
    for (let m = 0; m < 60; m++) lagPoints.push({ ...chart90, point: point(at + m * 60_000, (at / 60_000 + m) % 5_000_000) });
    store.ingest({ ...syntheticDelta(0, at, 1), lagPoints });
    clock.t = at;
    store.flush();
  }
  console.log('simulating 24 h of one link at 1 Hz…');
  for (let at = end - DAY; at < end; at += 60_000) {
    const lagPoints = [];
    for (let s = 0; s < 60; s++) lagPoints.push({ ...chart24, point: point(at + s * 1_000, (at / 1_000 + s) % 3_000_000) });
    store.ingest({ ...syntheticDelta(0, at, 1), lagPoints });
    clock.t = at;
    store.flush();
  }
  console.log(`simulating ${SIM_MIN} min of all ${LINKS} links at 1 Hz (samples, topology changes, alarms)…`);
  const simStart = end - SIM_MIN * 60_000;
  clock.t = simStart;
  store.maintain(); // retention of the long simulations first, so only the hour's growth is counted
  const before = usedBytes(store.database);
  const simMs = simulate(store, clock, simStart, end);
  store.maintain(); // moves the staged points, as the app does each minute
  const perHour = (mb(usedBytes(store.database) - before) * 60) / SIM_MIN;
  console.log(`  ${SIM_MIN} min of ${LINKS} links written in ${(simMs / 1000).toFixed(1)} s (${((simMs / (SIM_MIN * 60_000)) * 100).toFixed(2)} % of the simulated time)`);
  clock.t = end;
  const [deleted, maintainMs] = timed(() => store.maintain());
  console.log(`  retention pass: ${deleted} rows deleted in ${maintainMs.toFixed(0)} ms`);

  const chartMs = (c: { clusterId: string; linkId: string }, range: number) =>
    median(Array.from({ length: 7 }, () => timed(() => store.lag(c.clusterId, c.linkId, end - range, end, 600))[1]));
  const c24 = store.lag(chart24.clusterId, chart24.linkId, end - DAY, end, 600);
  const c90 = store.lag(chart90.clusterId, chart90.linkId, end - 90 * DAY, end, 600);
  console.log(`  24 h chart: ${c24.points.length} points from ${c24.resolution}; 90 d chart: ${c90.points.length} points from ${c90.resolution}`);
  const chart24Ms = chartMs(chart24, DAY);
  const chart90Ms = chartMs(chart90, 90 * DAY);
  const travels: number[] = [];
  let shown = 0;
  for (let i = 0; i < 50; i++) {
    const at = simStart + 60_000 + Math.floor(Math.random() * (SIM_MIN - 1) * 60_000);
    const [m, ms] = timed(() => store.at(clusterIdOf(i % CLUSTERS), at));
    if (m.sample && m.sample.nodes.length === 5 && m.sample.links.every((l) => l.lag.source === 'history')) shown++;
    travels.push(ms);
  }
  console.log(`  ${shown} of 50 past moments returned the full topology with stored lag`);
  const dbMb = mb(usedBytes(store.database));
  const capMb = mb(store.status().capBytes);
  store.close();
  const fileMb = mb(statSync(file).size);
  const [reopened, restartMs] = timed(() => new HistoryStore({ file, now: Date.now, log, flushEveryMs: 0, maintainEveryMs: 0 }));
  const firstAt = timed(() => reopened.at(clusterIdOf(0), end - 30_000))[1];
  reopened.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`  database ${dbMb.toFixed(0)} MB used (file ${fileMb.toFixed(0)} MB), cap ${capMb.toFixed(0)} MB; first query after reopen ${firstAt.toFixed(1)} ms`);
  console.log('  (24 h, 90 d and the per-hour size come from synthetic history written with the store\'s own writers at backdated times)');
  console.log(
    `bench history: links=${LINKS} write_cpu_pct=${writeCpu.toFixed(2)} db_mb_per_hour=${perHour.toFixed(0)} db_mb=${dbMb.toFixed(0)} cap_mb=${capMb.toFixed(0)} chart_24h_ms=${chart24Ms.toFixed(1)} chart_90d_ms=${chart90Ms.toFixed(1)} travel_ms=${median(travels).toFixed(2)} restart_ms=${restartMs.toFixed(0)} simulated=yes`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
