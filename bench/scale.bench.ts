/**
 * bench:scale — sandbox agents totalling 1,000 nodes (5 clusters of 200,
 * in a separate process), monitored by the app's core at 1 Hz. Measures the
 * core's CPU and memory, and the renderer's frame time with a 200-node
 * topology on screen in Chromium (rAF intervals, then main-thread CPU per
 * frame from a traced second window). Needs `npm run build` (the script does it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppCore } from '../electron/core/app-core';
import { ownerOnlyFileCodec } from '../electron/core/settings/secret-store';
import { createLogger } from '../electron/core/logger';
import { resolveDriver } from '../electron/drivers';
import { startWebServer } from '../electron/web/web-server';
import { startCpuMeter } from './support/cpu-meter';
import { measureFrames } from './scale-frames';
import { startFarm } from './scale-farm';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODES = Number(process.env.BENCH_NODES ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const FRAME_SECONDS = Number(process.env.BENCH_FRAME_SECONDS ?? 10);

async function main() {
  process.env.REPLICADESK_LOG ??= 'error';
  const farm = await startFarm(NODES);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rd-bench-scale-'));
  const core = await AppCore.create({ dataDir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('bench') });
  let samples = 0;
  const nodesUp = new Map<string, number>();
  core.onDelta((d) => {
    samples += d.samples.length;
    for (const s of d.samples) nodesUp.set(s.clusterId, s.nodes.filter((n) => n.status.kind === 'up').length);
  });
  try {
    const t0 = performance.now();
    for (const spec of farm.specs) {
      const r = await core.handle('clusters:add', spec);
      if (!r.ok) throw new Error(`cannot add ${String(spec.name)}: ${r.reason}`);
    }
    console.log(`connected to ${NODES} agents in ${((performance.now() - t0) / 1000).toFixed(1)} s; warming up 10 s`);
    await new Promise((r) => setTimeout(r, 10_000));
    const server = await startWebServer({ core, staticDir: path.join(root, 'dist/renderer') });
    samples = 0;
    const meter = startCpuMeter();
    let rssPeak = 0;
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 1_000);
    await new Promise((r) => setTimeout(r, Math.max(0, SECONDS - FRAME_SECONDS - 15) * 1_000));
    const firstName = String(farm.specs[0]!.name);
    const frames = await measureFrames(server.url, firstName, Math.min(200, NODES), FRAME_SECONDS);
    const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const { cpuPct, wallMs } = meter.stop();
    clearInterval(rssTimer);
    await server.close();
    const perSecond = samples / (wallMs / 1_000);
    console.log(`cluster samples/s=${perSecond.toFixed(2)} (expect ${farm.specs.length} at 1 Hz), nodes up in the newest samples=${[...nodesUp.values()].reduce((a, b) => a + b, 0)}`);
    console.log(`renderer: ${frames.nodesOnScreen} nodes on screen, ${frames.frames} frames, mean ${frames.meanMs.toFixed(1)} ms, p95 ${frames.p95Ms.toFixed(1)} ms (rAF intervals: 16.7 ms at best on a 60 Hz clock), ${frames.slowFrames} over 20 ms, long tasks ${frames.longTasks}`);
    console.log(`renderer work (traced window): main-thread CPU per frame mean ${frames.workMeanMs.toFixed(2)} ms, p95 ${frames.workP95Ms.toFixed(2)} ms; ${frames.mainCpuMsPerS.toFixed(0)} ms/s; load average ${load1}`);
    console.log(
      `bench scale: nodes=${NODES} cpu_pct=${cpuPct.toFixed(1)} rss_mb=${(rssPeak / 2 ** 20).toFixed(0)} frame_ms=${frames.meanMs.toFixed(1)} frame_p95_ms=${frames.p95Ms.toFixed(1)} samples_per_s=${perSecond.toFixed(2)} frames_over_20ms=${frames.slowFrames} frame_work_ms=${frames.workMeanMs.toFixed(2)} frame_work_p95_ms=${frames.workP95Ms.toFixed(2)} main_cpu_ms_per_s=${frames.mainCpuMsPerS.toFixed(0)} load1=${load1}`,
    );
  } finally {
    await core.dispose();
    await farm.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
