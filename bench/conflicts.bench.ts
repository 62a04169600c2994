/**
 * bench:conflicts — the conflict inbox against the sandbox multi-primary
 * cluster behind real node agents (bench/support/conflict-rig.ts), through the
 * app's real AppCore and ConflictService, sampled at the default 1 s:
 *  - detect: two peers write one key at the same instant (BENCH_DETECT times,
 *    default 30, at uneven gaps); time from the writes' commit time to the
 *    conflict in the app's inbox (the engine pushes it as an agent event), and
 *    to the batched delta the UI receives;
 *  - render: BENCH_CONFLICTS (default 10,000) real open conflicts, then
 *    browser mode in Debian Chromium: time to open the inbox (median of
 *    BENCH_RENDER_RUNS, default 3, fresh pages);
 *  - bulk: `conflicts:bulkResolve` (last writer wins) over BENCH_BULK (default
 *    1,000) of them, then over real PostgreSQL apply conflicts (see
 *    support/bulk-bench.ts): written in batches, read back converged, audited.
 *  - pgl: a real 3-node pglogical mesh (bench/support/pgl-detect.ts), BENCH_PGL
 *    (default 10) update/update conflicts; time from the heal of a partition to
 *    the conflict in the inbox at 1 Hz sampling (`pgl_detect_ms`, median).
 * Ends with one line:
 *   bench conflicts: detect_ms=… detect_p95_ms=… detect_ui_ms=… inbox_load_ms=… inbox_render_ms=… bulk_per_s=… bulk_converged=… pg_bulk_per_s=… pg_bulk_converged=…
 * Needs `npm run build` (the script does it).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebServer } from '../electron/web/web-server';
import { startConflictRig, waitFor, type ConflictRig } from './support/conflict-rig';
import { percentile } from './support/cpu-meter';
import { measureInboxRender } from './support/inbox-render';
import { runBulkBenches } from './support/bulk-bench';
import { measurePglDetect } from './support/pgl-detect';

const root = fileURLToPath(new URL('..', import.meta.url));
const DETECT = Number(process.env.BENCH_DETECT ?? 30);
const CONFLICTS = Number(process.env.BENCH_CONFLICTS ?? 10_000);
const RENDER_RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 3);
const BULK = Number(process.env.BENCH_BULK ?? 1_000);
const PGL_RUNS = Number(process.env.BENCH_PGL ?? 10);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

interface Detection {
  inboxMs: number;
  uiMs: number;
}

/** Forced conflicts one at a time, at gaps that land the writes at every phase of the 1 s sampling and 300 ms delta flush. */
async function measureDetection(rig: ConflictRig): Promise<Detection[]> {
  const inboxAt = new Map<string, { at: number; committedAt: number }>();
  const uiAt = new Map<string, number>();
  const offInbox = rig.inbox.onChange((c, change) => {
    if (change === 'new') inboxAt.set(c.target.key, { at: Date.now(), committedAt: Math.max(...c.versions.map((v) => v.committedAt)) });
  });
  const offDelta = rig.core.onDelta((d) => {
    for (const c of d.conflicts) if (!uiAt.has(c.target.key)) uiAt.set(c.target.key, Date.now());
  });
  const out: Detection[] = [];
  try {
    for (let i = 0; i < DETECT; i++) {
      const key = `detect-${String(i).padStart(3, '0')}`;
      await rig.forceConflict(key, i);
      const seen = await waitFor(`the conflict on ${key} in the inbox`, () => inboxAt.get(key), 10_000);
      const ui = await waitFor(`the conflict on ${key} in a delta`, () => uiAt.get(key), 10_000);
      out.push({ inboxMs: seen.at - seen.committedAt, uiMs: ui - seen.committedAt });
      await sleep(150 + ((i * 263) % 850));
    }
  } finally {
    offInbox();
    offDelta();
  }
  return out;
}

/** Tops the inbox up to `total` open conflicts, in batches so the engine and the agents keep up. */
async function fillInbox(rig: ConflictRig, total: number): Promise<number> {
  const t0 = Date.now();
  for (let i = 0, missing = total - rig.openCount(); i < missing; i++) {
    await rig.forceConflict(`item-${String(i).padStart(5, '0')}`, i);
    if (i % 250 === 249) await sleep(20);
  }
  await waitFor(`${total} open conflicts in the inbox`, () => rig.openCount() >= total, 180_000, 50);
  return Date.now() - t0;
}

async function main() {
  process.env.REPLICADESK_LOG ??= 'error';
  const pgl = await measurePglDetect(PGL_RUNS);
  console.log(`pglogical: heal → inbox ${pgl.inboxMs.join(', ')} ms; heal → logged by pglogical ${pgl.engineMs.join(', ')} ms`);
  const rig = await startConflictRig();
  try {
    const detections = await measureDetection(rig);
    const inbox = sorted(detections.map((d) => d.inboxMs));
    const ui = sorted(detections.map((d) => d.uiMs));
    console.log(`detect: ${inbox.length} conflicts; to inbox min ${inbox[0]} max ${inbox.at(-1)} ms; to UI delta median ${percentile(ui, 50)} max ${ui.at(-1)} ms`);

    const fillMs = await fillInbox(rig, CONFLICTS);
    console.log(`inbox: ${rig.openCount()} open conflicts, made by the engine and received over the agents in ${(fillMs / 1_000).toFixed(1)} s`);

    const server = await startWebServer({ core: rig.core, staticDir: path.join(root, 'dist/renderer') });
    const renders = await measureInboxRender(() => server.launchUrl(), rig.openCount(), RENDER_RUNS).finally(() => server.close());
    for (const r of renders) console.log(`render: load ${r.loadMs} ms, inbox ${r.renderMs.toFixed(0)} ms, ${r.domRows} rows in the DOM`);

    const bulkKeys = await runBulkBenches(rig, BULK);

    const med = (xs: number[]) => percentile(sorted(xs), 50);
    console.log(
      [
        'bench conflicts:',
        `detect_ms=${percentile(inbox, 50)}`,
        `detect_p95_ms=${percentile(inbox, 95)}`,
        `detect_ui_ms=${percentile(ui, 50)}`,
        `open_conflicts=${CONFLICTS}`,
        `inbox_load_ms=${med(renders.map((r) => r.loadMs))}`,
        `inbox_render_ms=${med(renders.map((r) => r.renderMs)).toFixed(0)}`,
        ...bulkKeys,
        `pgl_detect_ms=${percentile(sorted(pgl.inboxMs), 50)}`,
        `pgl_detect_max_ms=${sorted(pgl.inboxMs).at(-1)}`,
      ].join(' '),
    );
  } finally {
    await rig.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
