/** Summaries of a Chromium trace and a V8 CPU profile, for bench/scale-profile.ts. */

export interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const WATCHED = ['RunTask', 'FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'HitTest', 'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'ParseHTML', 'v8.run'];

/** Main-thread milliseconds per second by trace event name (nested events counted inside their parents too). */
export function summariseTrace(trace: { traceEvents: TraceEvent[] }, seconds: number): string {
  const events = trace.traceEvents;
  const mainTid = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!mainTid) return 'no CrRendererMain thread in the trace';
  const onMain = events.filter((e) => e.pid === mainTid.pid && e.tid === mainTid.tid && e.ph === 'X' && e.dur !== undefined);
  const byName = new Map<string, { ms: number; n: number; max: number }>();
  for (const e of onMain) {
    if (!WATCHED.includes(e.name)) continue;
    const s = byName.get(e.name) ?? { ms: 0, n: 0, max: 0 };
    s.ms += (e.dur as number) / 1_000;
    s.n += 1;
    s.max = Math.max(s.max, (e.dur as number) / 1_000);
    byName.set(e.name, s);
  }
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  return ['main thread (ms per s, count, max ms):', ...rows.map(([n, s]) => `  ${n.padEnd(20)} ${(s.ms / seconds).toFixed(1).padStart(7)} ${String(s.n).padStart(6)} ${s.max.toFixed(1).padStart(7)}`)].join('\n');
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The `top` functions by self time, and (program)/(idle)/(garbage collector) totals. */
export function summariseProfile(profile: CpuProfile, top: number): string {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const us = self.get(n.id) ?? 0;
    if (!us) continue;
    const file = n.callFrame.url.split('/').pop() ?? '';
    const key = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const total = profile.endTime - profile.startTime;
  const rows = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top);
  const inclusive = [...inclusiveByFunction(profile, self)].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `js self time (of ${(total / 1_000).toFixed(0)} ms):`,
    ...rows.map(([k, us]) => `  ${(us / 1_000).toFixed(1).padStart(8)} ms  ${k}`),
    'js total time (outermost call of each function):',
    ...inclusive.map(([k, us]) => `  ${(us / 1_000).toFixed(1).padStart(8)} ms  ${k}`),
  ].join('\n');
}

function keyOf(n: ProfileNode): string {
  return `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
}

/** Time under each function (counted once where it recurses), ignoring the (root)/(program)/(idle) pseudo-frames. */
function inclusiveByFunction(profile: CpuProfile, self: Map<number, number>): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  const walk = (id: number, open: Set<string>): number => {
    const n = byId.get(id) as ProfileNode;
    const key = keyOf(n);
    const outer = !open.has(key) && n.callFrame.url !== '';
    if (outer) open.add(key);
    let us = self.get(id) ?? 0;
    for (const c of n.children ?? []) us += walk(c, open);
    if (outer) {
      open.delete(key);
      out.set(key, (out.get(key) ?? 0) + us);
    }
    return us;
  };
  walk(profile.nodes[0]!.id, new Set());
  return out;
}

/** For each line of an unminified bundle, the module it came from (from the bundler's `// path` comments). */
export function moduleLines(bundle: string): (line: number) => string {
  const starts: { line: number; module: string }[] = [];
  bundle.split('\n').forEach((text, i) => {
    const m = /^\/\/ ((?:node_modules\/(?:@[^/]+\/)?[^/]+)|(?:renderer|shared)\/[^\s]+)/.exec(text);
    if (m) starts.push({ line: i, module: m[1] as string });
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = starts[mid] as { line: number; module: string };
      if (s.line <= line) {
        found = s.module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/**
 * Self time by module, and time by the innermost app file (renderer/…) on
 * the stack: "whose work is this", e.g. recharts under the lag panel.
 */
export function summariseByModule(profile: CpuProfile, moduleOf: (line: number) => string, top: number): string {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const mod = (n: ProfileNode) => (n.callFrame.url.includes('/assets/') ? moduleOf(n.callFrame.lineNumber) : n.callFrame.functionName || '(native)');
  const selfBy = new Map<string, number>();
  const ownerBy = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const n = byId.get(id) as ProfileNode;
    if (n.callFrame.functionName === '(idle)') return;
    selfBy.set(mod(n), (selfBy.get(mod(n)) ?? 0) + us);
    let owner = '(none)';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const m = mod(byId.get(at) as ProfileNode);
      if (m.startsWith('renderer/features/') || m.startsWith('renderer/app/')) {
        owner = m;
        break;
      }
    }
    ownerBy.set(owner, (ownerBy.get(owner) ?? 0) + us);
  });
  const fmt = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `  ${(us / 1_000).toFixed(1).padStart(8)} ms  ${k}`);
  return ['self time by module:', ...fmt(selfBy), 'time by innermost app file on the stack:', ...fmt(ownerBy)].join('\n');
}

export interface TimedEvent extends TraceEvent {
  ts: number;
}

/** Busy ms per second of each thread (top-level tasks only), and what ran on the main thread during the slowest frames. */
export function summariseThreadsAndGaps(trace: { traceEvents: TimedEvent[] }, seconds: number, gaps = 8): string {
  const ev = trace.traceEvents;
  const names = new Map<string, string>();
  const procs = new Map<number, string>();
  for (const e of ev) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    if (e.ph === 'M' && e.name === 'process_name') procs.set(e.pid, e.args?.name ?? '?');
  }
  const busy = new Map<string, number>();
  for (const e of ev) {
    if (e.ph !== 'X' || e.dur === undefined || !/^(RunTask|ThreadControllerImpl::RunTask|ThreadPool_RunTask)$/.test(e.name)) continue;
    const k = `${procs.get(e.pid) ?? e.pid}/${names.get(`${e.pid}:${e.tid}`) ?? e.tid}`;
    busy.set(k, (busy.get(k) ?? 0) + e.dur / 1_000);
  }
  const lines = ['busy ms per s by thread (top-level tasks):'];
  for (const [k, ms] of [...busy].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`  ${(ms / seconds).toFixed(1).padStart(7)}  ${k}`);
  const main = ev.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return lines.join('\n');
  const onMain = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const raf = onMain.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.ts);
  const intervals = raf.slice(1).map((t, i) => ({ from: raf[i] as number, to: t, ms: (t - (raf[i] as number)) / 1_000 }));
  lines.push(`slowest frames (of ${intervals.length}; ${intervals.filter((g) => g.ms > 20).length} over 20 ms):`);
  for (const g of [...intervals].sort((a, b) => b.ms - a.ms).slice(0, gaps)) {
    const inside = onMain.filter((e) => e.ts >= g.from && e.ts < g.to && e.name !== 'RunTask' && (e.dur as number) > 2_000);
    const desc = inside
      .slice(0, 6)
      .map((e) => `${e.name}${e.name === 'FunctionCall' || e.name === 'EventDispatch' ? `(${JSON.stringify((e.args as { data?: { functionName?: string; type?: string } })?.data?.functionName ?? (e.args as { data?: { type?: string } })?.data?.type ?? '')})` : ''} ${((e.dur as number) / 1_000).toFixed(1)}`)
      .join(', ');
    const mainBusy = onMain.filter((e) => e.name === 'RunTask' && e.ts >= g.from && e.ts < g.to).reduce((a, e) => a + (e.dur as number) / 1_000, 0);
    lines.push(`  ${g.ms.toFixed(1).padStart(6)} ms, main busy ${mainBusy.toFixed(1)} ms: ${desc}`);
  }
  return lines.join('\n');
}
