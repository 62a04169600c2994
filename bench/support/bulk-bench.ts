/**
 * bench:conflicts, bulk part: `conflicts:bulkResolve` (last writer wins) of BENCH_BULK (default 1,000)
 * sandbox conflicts through the app core and its agents, then BENCH_PG_BULK (default 200) real PG15
 * logical-replication apply conflicts (one subscription each: native logical replication stops a
 * subscription at its first error, so open conflicts ≤ subscriptions; see test/harness/pg-bulk-rig.ts).
 * Each is written in batches (one transaction per node per batch), read back on every node until
 * converged, and audited. Returns the keys for the final `bench conflicts:` line.
 */
import { bulkResolve } from '../../electron/core/conflicts/bulk-resolve';
import { missingPgPrerequisites } from '../../test/harness/pg-binaries';
import { createBulkRig } from '../../test/harness/pg-bulk-rig';
import { readFileSync } from 'node:fs';
import { missingPglogical } from '../../test/harness/pglogical-mesh';
import { bulkRows, makeBulkConflicts } from '../../test/harness/pglogical-bulk-scenario';
import { createPglRig } from '../../test/harness/pglogical-rig';
import type { ConflictRig } from './conflict-rig';

const PG_BULK = Number(process.env.BENCH_PG_BULK ?? 200);
const PGL_BULK = Number(process.env.BENCH_PGL_BULK ?? 1_000);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function sandboxBulk(rig: ConflictRig, count: number): Promise<string[]> {
  const ids = rig.inbox.openOf(rig.clusterId).slice(0, count).map((c) => c.id);
  const t0 = performance.now();
  const r = await rig.call('conflicts:bulkResolve', { clusterId: rig.clusterId, policy: { policy: 'last-writer-wins' }, conflictIds: ids });
  const seconds = (performance.now() - t0) / 1_000;
  const wanted = new Set(ids);
  const audited = (await rig.call('audit:list', { clusterId: rig.clusterId, limit: 10_000 })).filter((e) => e.action === 'conflict.resolve' && wanted.has(String(e.params.conflictId)));
  const converged = audited.filter((e) => e.params.converged === true).length;
  const chainOk = (await rig.call('audit:verify', {})).ok;
  console.log(`bulk: ${r.resolvedCount}/${ids.length} resolved in ${seconds.toFixed(2)} s (${r.batches} batches, ${r.mode}); ${audited.length} audited, ${converged} verified converged on every peer; audit chain ${chainOk ? 'ok' : 'BROKEN'}`);
  for (const f of r.failed.slice(0, 5)) console.log(`bulk failure: ${f.key || f.conflictId} (${f.stage}): ${f.reason}`);
  if (r.resolvedCount < ids.length || converged < r.resolvedCount || !chainOk) process.exitCode = 1;
  return [`bulk_per_s=${(r.resolvedCount / seconds).toFixed(1)}`, `bulk_converged=${converged}/${ids.length}`];
}

async function postgresBulk(count: number): Promise<string[]> {
  const missing = missingPgPrerequisites();
  if (missing.length) {
    console.log(`pg bulk: not run: missing ${missing.join(", ")} (apt-get install -y postgresql-15)`);
    process.exitCode = 1;
    return ['pg_bulk_per_s=n/a', 'pg_bulk_converged=n/a'];
  }
  const rig = await createBulkRig(count);
  try {
    const started = Date.now();
    const open = () => rig.service.inbox.list({ status: 'open', limit: 10_000 }).filter((c) => c.versions.length === 2);
    while (open().length < count) {
      if (Date.now() - started > 300_000) throw new Error(`only ${open().length} of ${count} PostgreSQL conflicts in the inbox after 300 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const ids = open().map((c) => c.id);
    const t0 = performance.now();
    const r = await bulkResolve(rig.service, 'test-cluster', { policy: 'last-writer-wins' }, ids);
    const seconds = (performance.now() - t0) / 1_000;
    if (!r.ok) throw new Error(`pg bulk: ${r.reason}`);
    const [a, b] = [await rig.rows(rig.a), await rig.rows(rig.b)];
    const same = [...a].filter(([id, row]) => b.get(id) === row).length;
    console.log(`pg bulk: ${r.value.resolvedCount}/${count} resolved in ${seconds.toFixed(2)} s (one transaction on the subscriber per batch); ${same}/${a.size} rows equal on both nodes by SQL`);
    for (const f of r.value.failed.slice(0, 5)) console.log(`pg bulk failure: ${f.key} (${f.stage}): ${f.reason}`);
    if (r.value.resolvedCount < count || same < count) process.exitCode = 1;
    return [`pg_bulk_per_s=${(r.value.resolvedCount / seconds).toFixed(1)}`, `pg_bulk_converged=${Math.min(same, r.value.resolvedCount)}/${count}`];
  } finally {
    await rig.stop();
  }
}

/**
 * pglogical: `count` update/update decisions of a real 3-node mesh (last_update_wins kept n2's rows), made
 * in bulk (partition, n1 then n2 update every key, heal), overturned in bulk by "prefer n1" (set-based
 * writes, one transaction per writing node per batch), then read back by SQL on all three nodes.
 */
export async function pglogicalBulk(count: number): Promise<string[]> {
  const missing = missingPglogical();
  if (missing) {
    console.log(`pgl bulk: not run: ${missing}`);
    process.exitCode = 1;
    return ['pgl_bulk_per_s=n/a', 'pgl_bulk_converged=n/a'];
  }
  const rig = await createPglRig({ resolution: 'last_update_wins' });
  try {
    const decisions = await makeBulkConflicts(rig, count);
    const t0 = performance.now();
    const r = await bulkResolve(rig.service, 'test-cluster', { policy: 'prefer-node', node: 'n1' }, decisions.map((c) => c.id), { batchSize: Number(process.env.BENCH_PGL_BATCH ?? 500) });
    const seconds = (performance.now() - t0) / 1_000;
    if (!r.ok) throw new Error(`pgl bulk: ${r.reason}`);
    const rows = await Promise.all(['n1', 'n2', 'n3'].map((n) => bulkRows(rig, n, count)));
    const n1 = JSON.parse(rows[0]!) as { id: number; val: string }[];
    const equal = rows.every((x) => x === rows[0]);
    const restored = equal ? n1.filter((row) => row.val === `n1-${row.id}`).length : 0;
    console.log(`pgl bulk: ${r.value.resolvedCount}/${count} engine decisions overturned in ${seconds.toFixed(2)} s (${r.value.batches} batches); 3 nodes ${equal ? 'equal' : 'DIFFER'} by SQL, ${restored}/${count} rows hold the restored version; load average ${load()}`);
    for (const f of r.value.failed.slice(0, 5)) console.log(`pgl bulk failure: ${f.key} (${f.stage}): ${f.reason}`);
    if (r.value.resolvedCount < count || restored < count) process.exitCode = 1;
    return [`pgl_bulk_per_s=${(r.value.resolvedCount / seconds).toFixed(1)}`, `pgl_bulk_converged=${Math.min(restored, r.value.resolvedCount)}/${count}`];
  } finally {
    await rig.stop();
  }
}

/** The bulk measurements; the keys for the bench's final line. */
export async function runBulkBenches(rig: ConflictRig, count: number): Promise<string[]> {
  return [...(await sandboxBulk(rig, count)), ...(await postgresBulk(PG_BULK)), ...(await pglogicalBulk(PGL_BULK)), `bulk_load_avg=${load().replaceAll(' ', '/')}`];
}
