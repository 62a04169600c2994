/**
 * A/B of renderer builds under the same load: one farm and core, each build
 * served in turn (interleaved rounds, so the machine's changing load hits
 * every build alike), the 200-node view timed with rAF and traced for
 * main-thread CPU. `tsx bench/scale-ab.ts dirA dirB …` (ROUNDS, SECS).
 */
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../electron/core/app-core';
import { ownerOnlyFileCodec } from '../electron/core/settings/secret-store';
import { createLogger } from '../electron/core/logger';
import { resolveDriver } from '../electron/drivers';
import { startWebServer } from '../electron/web/web-server';
import { startFarm } from './scale-farm';
import { frameWork } from './scale-frame-work';
import { percentile } from './support/cpu-meter';

const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SECS = Number(process.env.SECS ?? 8);
const FRAMES = (ms: number) => `new Promise((resolve) => { const f = []; let last = performance.now(); const end = last + ${ms};
  const tick = (t) => { f.push(t - last); last = t; if (t < end) requestAnimationFrame(tick); else resolve(f); }; requestAnimationFrame(tick); })`;

async function main() {
  process.env.REPLICADESK_LOG ??= 'error';
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) throw new Error('usage: tsx bench/scale-ab.ts <renderer dir> [<renderer dir> …]');
  const farm = await startFarm(Number(process.env.BENCH_NODES ?? 1_000));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rd-scale-ab-'));
  const core = await AppCore.create({ dataDir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('bench') });
  const browser = await chromium.launch({
    executablePath: execSync('which chromium', { encoding: 'utf8' }).trim(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    for (const spec of farm.specs) {
      const r = await core.handle('clusters:add', spec);
      if (!r.ok) throw new Error(`cannot add ${String(spec.name)}: ${r.reason}`);
    }
    await new Promise((r) => setTimeout(r, 5_000));
    for (let round = 0; round < ROUNDS; round++) {
      for (const dir of dirs) {
        const server = await startWebServer({ core, staticDir: dir });
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(server.url);
        await page.click(`[data-testid="cluster-list-item"][data-cluster-name=${JSON.stringify(String(farm.specs[0]!.name))}]`, { timeout: 90_000 });
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="topology-node"]').length >= 200, undefined, { timeout: 90_000 });
        await page.waitForTimeout(2_500);
        const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
        const f = ((await page.evaluate(FRAMES(SECS * 1_000))) as number[]).slice(1).sort((a, b) => a - b);
        await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
        await page.evaluate(FRAMES(SECS * 1_000));
        const work = frameWork(JSON.parse((await browser.stopTracing()).toString()) as Parameters<typeof frameWork>[0]);
        const w = [...work.perFrameMs].sort((a, b) => a - b);
        console.log(
          `${dir}: frame mean ${(f.reduce((a, b) => a + b, 0) / f.length).toFixed(1)} p95 ${percentile(f, 95).toFixed(1)} ms, ${f.filter((x) => x > 20).length} over 20 ms | ` +
            `work/frame mean ${(w.reduce((a, b) => a + b, 0) / Math.max(1, w.length)).toFixed(2)} p95 ${percentile(w, 95).toFixed(2)} ms, main CPU ${((work.cpuMs / work.spanMs) * 1_000).toFixed(0)} ms/s | load ${load1}`,
        );
        await page.close();
        await server.close();
      }
    }
  } finally {
    await browser.close();
    await core.dispose();
    await farm.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
