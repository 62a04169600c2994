/**
 * Profiles the 200-node topology the way bench:scale shows it: a Chromium
 * trace and a JS CPU profile of the page for a few seconds, summarised (main
 * thread time by trace event, JS self time by function), plus a screenshot.
 * `tsx bench/scale-profile.ts [outDir]` after `npm run build`; RENDERER_DIR picks
 * another renderer build.
 */
import { chromium, type Page } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppCore } from '../electron/core/app-core';
import { ownerOnlyFileCodec } from '../electron/core/settings/secret-store';
import { createLogger } from '../electron/core/logger';
import { resolveDriver } from '../electron/drivers';
import { startWebServer } from '../electron/web/web-server';
import { startFarm } from './scale-farm';
import { moduleLines, summariseByModule, summariseProfile, summariseThreadsAndGaps, summariseTrace } from './scale-trace';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODES = Number(process.env.BENCH_NODES ?? 1_000);
const SECONDS = Number(process.env.BENCH_FRAME_SECONDS ?? 6);
const out = process.argv[2] ?? path.join(tmpdir(), 'rd-scale-profile');
/** The built renderer to serve (an unminified build names functions and modules: `vite build --minify false`). */
const rendererDir = process.env.RENDERER_DIR ?? path.join(root, 'dist/renderer');

async function profilePage(page: Page, browser: import('@playwright/test').Browser): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink.user_timing', 'v8.execute'] });
  await cdp.send('Profiler.start');
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const frames = []; let last = performance.now(); const end = last + ${SECONDS * 1_000};
    const tick = (t) => { frames.push(t - last); last = t; if (t < end) requestAnimationFrame(tick); else resolve(frames); };
    requestAnimationFrame(tick);
  })`)) as number[];
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Parameters<typeof summariseProfile>[0] };
  const trace = await browser.stopTracing();
  writeFileSync(path.join(out, 'trace.json'), trace);
  writeFileSync(path.join(out, 'profile.cpuprofile'), JSON.stringify(profile));
  const f = frames.slice(1).sort((a, b) => a - b);
  console.log(`frames=${f.length} mean_ms=${(f.reduce((a, b) => a + b, 0) / f.length).toFixed(1)} p95_ms=${f[Math.floor(f.length * 0.95)]?.toFixed(1)} max_ms=${f.at(-1)?.toFixed(1)}`);
  const parsed = JSON.parse(trace.toString()) as { traceEvents: never[] };
  console.log(summariseTrace(parsed, SECONDS));
  console.log(summariseThreadsAndGaps(parsed, SECONDS));
  console.log(summariseProfile(profile, 30));
  const assets = path.join(rendererDir, 'assets');
  const bundle = readdirSync(assets).find((f) => /^index-.*\.js$/.test(f));
  if (bundle) console.log(summariseByModule(profile, moduleLines(readFileSync(path.join(assets, bundle), 'utf8')), 25));
}

async function main() {
  process.env.REPLICADESK_LOG ??= 'error';
  mkdirSync(out, { recursive: true });
  const farm = await startFarm(NODES);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rd-scale-profile-'));
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
    const server = await startWebServer({ core, staticDir: rendererDir });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await page.click(`[data-testid="cluster-list-item"][data-cluster-name=${JSON.stringify(String(farm.specs[0]!.name))}]`, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="topology-node"]').length >= 200, undefined, { timeout: 60_000 });
    await page.waitForTimeout(3_000);
    await page.screenshot({ path: path.join(out, 'topology-200.png') });
    console.log(`load ${execSync('cat /proc/loadavg', { encoding: 'utf8' }).trim()}; dom nodes ${await page.evaluate('document.getElementsByTagName("*").length')}`);
    await profilePage(page, browser);
    console.log(`load ${execSync('cat /proc/loadavg', { encoding: 'utf8' }).trim()}; out ${out}`);
    await server.close();
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
