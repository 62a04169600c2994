/** Main-thread CPU per frame from a Chromium trace, for bench:scale and bench/scale-ab.ts. */
import type { TimedEvent } from './scale-trace';

interface ThreadTimedEvent extends TimedEvent {
  tdur?: number;
}

/**
 * Main-thread CPU time (thread time, so another process's load does not
 * count) of the tasks that start in each frame, frames delimited by the
 * page's requestAnimationFrame callbacks. A task longer than a frame counts
 * whole in the frame it starts in.
 */
export function frameWork(trace: { traceEvents: ThreadTimedEvent[] }): { perFrameMs: number[]; cpuMs: number; spanMs: number } {
  const ev = trace.traceEvents;
  const main = ev.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return { perFrameMs: [], cpuMs: 0, spanMs: 0 };
  const onMain = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const raf = onMain.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.ts);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.tdur !== undefined);
  if (raf.length < 2) return { perFrameMs: [], cpuMs: 0, spanMs: 0 };
  const perFrameMs = raf.slice(1).map(() => 0);
  let cpuMs = 0;
  for (const t of tasks) {
    if (t.ts < (raf[0] as number) || t.ts >= (raf.at(-1) as number)) continue;
    let lo = 0;
    let hi = raf.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((raf[mid] as number) <= t.ts) lo = mid;
      else hi = mid - 1;
    }
    perFrameMs[lo] = (perFrameMs[lo] as number) + (t.tdur as number) / 1_000;
    cpuMs += (t.tdur as number) / 1_000;
  }
  return { perFrameMs, cpuMs, spanMs: ((raf.at(-1) as number) - (raf[0] as number)) / 1_000 };
}
