import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkResolve } from '../../electron/core/conflicts/bulk-resolve';
import { createBulkRig, type BulkRig } from '../harness/pg-bulk-rig';

/**
 * Bulk resolution on real PG15 native logical replication: COUNT insert/insert conflicts open at
 * once (one per subscription, see pg-bulk-rig.ts), resolved by last-writer-wins (the later remote
 * row: take remote) in one transaction on the subscriber, then read back by SQL on both nodes.
 */
const COUNT = Number(process.env.PG_BULK_COUNT ?? 200);
let rig: BulkRig;

beforeAll(async () => {
  rig = await createBulkRig(COUNT);
}, 300_000);

afterAll(async () => {
  await rig?.stop();
}, 60_000);

describe('bulk resolution on PostgreSQL logical replication', () => {
  it(`resolves ${COUNT} open apply conflicts in one transaction on the subscriber and both nodes converge`, async () => {
    const started = Date.now();
    const open = () => rig.service.inbox.list({ status: 'open', limit: 10_000 }).filter((c) => c.versions.length === 2);
    while (open().length < COUNT) {
      if (Date.now() - started > 240_000) throw new Error(`only ${open().length} of ${COUNT} conflicts with both rows in the inbox after 240 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`pg: ${COUNT} conflicts with both rows in the inbox after ${Date.now() - started} ms`);
    const ids = open().map((c) => c.id);
    const t0 = performance.now();
    const r = await bulkResolve(rig.service, 'test-cluster', { policy: 'last-writer-wins' }, [...ids, 'no-such-conflict']);
    const seconds = (performance.now() - t0) / 1_000;
    if (!r.ok) throw new Error(r.reason);
    const run = r.value;
    console.log(`pg bulk: ${run.resolvedCount}/${COUNT} resolved and converged in ${seconds.toFixed(2)} s = ${(run.resolvedCount / seconds).toFixed(0)}/s (${run.batches} batch(es)); failures: ${run.failed.slice(0, 3).map((f) => `${f.key} ${f.reason}`).join('; ')}`);
    const afterMs = rig.audit.map((e) => Number(/\((\d+) ms, read/.exec((e as { outcome: string }).outcome)?.[1] ?? NaN));
    console.log(`pg bulk: the one transaction took ${(seconds * 1_000 - Math.max(...afterMs)).toFixed(0)} ms; keys read back converged ${Math.min(...afterMs)}–${Math.max(...afterMs)} ms after it (each subscription's apply worker restarts and applies the remote row)`);
    expect(run.mode).toBe('batch');
    expect(run.failed).toEqual([{ conflictId: 'no-such-conflict', key: '', stage: 'check', reason: 'not in the inbox' }]);
    expect(run.resolved.length).toBe(COUNT);

    const [a, b] = [await rig.rows(rig.a), await rig.rows(rig.b)];
    expect(a.size).toBe(COUNT);
    expect([...a].filter(([id, row]) => b.get(id) === row && row.includes('"remote ')).length).toBe(COUNT);
    expect(rig.audit.length).toBe(COUNT);
    expect(rig.audit.every((e) => (e as { params: { converged: boolean } }).params.converged)).toBe(true);
    // Set-based: every row of the batch written by one DELETE … jsonb_populate_recordset (no fallback to savepoints).
    expect(rig.audit.every((e) => String((e as { params: { written?: unknown } }).params.written).includes('one set statement for'))).toBe(true);
    expect(ids.every((id) => rig.service.inbox.get(id)?.status === 'resolved')).toBe(true);
  }, 400_000);
});
