import { chromium, type Browser, type Page } from '@playwright/test';
import { execSync } from 'node:child_process';
import { percentile } from './support/cpu-meter';
import { frameWork } from './scale-frame-work';

export interface FrameStats {
  /** requestAnimationFrame intervals: on a 60 Hz clock never below 16.7 ms; above it when frames were dropped. */
  frames: number;
  meanMs: number;
  p95Ms: number;
  /** Intervals over 20 ms (a frame or more dropped). */
  slowFrames: number;
  longTasks: number;
  nodesOnScreen: number;
  /** Main-thread CPU time (trace thread time) spent per frame, from a second window with a trace running. */
  workMeanMs: number;
  workP95Ms: number;
  /** Main-thread CPU ms per second in that window. */
  mainCpuMsPerS: number;
}

/** Opens the app in Debian Chromium, shows the named cluster's topology, and times frames for `seconds` (twice: plain, then traced). */
export async function measureFrames(url: string, clusterName: string, expectNodes: number, seconds: number): Promise<FrameStats> {
  const browser = await chromium.launch({
    executablePath: execSync('which chromium', { encoding: 'utf8' }).trim(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.click(`[data-testid="cluster-list-item"][data-cluster-name=${JSON.stringify(clusterName)}]`, { timeout: 30_000 });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="topology-node"]').length >= n, expectNodes, { timeout: 60_000 });
    await page.waitForTimeout(2_000); // let the first layout settle
    // A string, not a function: tsx's name-keeping helpers do not exist inside the page.
    const raw = (await page.evaluate(inPageFrameTimer(seconds * 1_000))) as { frames: number[]; longTasks: number; nodes: number };
    const sorted = raw.frames.slice(1).sort((a, b) => a - b);
    const work = await tracedFrameWork(browser, page, seconds);
    return {
      frames: sorted.length,
      meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
      p95Ms: percentile(sorted, 95),
      slowFrames: sorted.filter((ms) => ms > 20).length,
      longTasks: raw.longTasks,
      nodesOnScreen: raw.nodes,
      ...work,
    };
  } finally {
    await browser.close();
  }
}

/** The main thread's CPU time per frame while the same rAF loop runs, from a devtools timeline trace. */
async function tracedFrameWork(browser: Browser, page: Page, seconds: number): Promise<Pick<FrameStats, 'workMeanMs' | 'workP95Ms' | 'mainCpuMsPerS'>> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.evaluate(inPageFrameTimer(seconds * 1_000));
  const trace = JSON.parse((await browser.stopTracing()).toString()) as Parameters<typeof frameWork>[0];
  const { perFrameMs, cpuMs, spanMs } = frameWork(trace);
  const sorted = [...perFrameMs].sort((a, b) => a - b);
  return {
    workMeanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    workP95Ms: percentile(sorted, 95),
    mainCpuMsPerS: spanMs > 0 ? (cpuMs / spanMs) * 1_000 : NaN,
  };
}

/** Times requestAnimationFrame intervals and counts long tasks for `ms`, inside the page. */
function inPageFrameTimer(ms: number): string {
  return `new Promise((resolve) => {
    const frames = [];
    let longTasks = 0;
    const obs = new PerformanceObserver((list) => { longTasks += list.getEntries().length; });
    obs.observe({ entryTypes: ['longtask'] });
    const end = performance.now() + ${ms};
    let last = performance.now();
    const tick = (t) => {
      frames.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick);
      else {
        obs.disconnect();
        resolve({ frames, longTasks, nodes: document.querySelectorAll('[data-testid="topology-node"]').length });
      }
    };
    requestAnimationFrame(tick);
  })`;
}
