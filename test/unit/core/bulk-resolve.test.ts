import { describe, expect, it } from 'vitest';
import { bulkResolve } from '../../../electron/core/conflicts/bulk-resolve';
import { ConflictService } from '../../../electron/core/conflicts/conflict-service';
import type { BatchResolveItem, ConflictCapable, KeyReading, KeyTarget } from '../../../electron/core/driver';
import { createLogger } from '../../../electron/core/logger';
import type { BulkRun } from '../../../shared/ipc/conflict-bulk';
import type { ConflictEvent } from '../../../shared/model/conflict';
import { fail, ok } from '../../../shared/result';

function conflict(n: number): ConflictEvent {
  const id = `c${n}`;
  return {
    id,
    clusterId: 'mp',
    target: { table: 'items', key: `k${n}` },
    kind: 'update-update',
    detectedAt: 1_000,
    versions: [
      { nodeId: 'peer-1', origin: 'peer-1', value: { n, by: 'peer-1' }, committedAt: 1_000, versionVector: { 'peer-1': 1 }, position: null },
      { nodeId: 'peer-2', origin: 'peer-2', value: { n, by: 'peer-2' }, committedAt: 2_000, versionVector: { 'peer-2': 1 }, position: null },
    ],
    suggestion: null,
    status: 'open',
    resolution: null,
  };
}

/**
 * A fake engine of three nodes: a batch write stores each value on every node (unless refused or held back
 * from one node), a batch read answers every key per node. Counts calls, so the batching itself is tested.
 */
function engine(o: { refuse?: Set<string>; lagging?: Set<string>; batch?: boolean; throws?: boolean } = {}) {
  const stored = new Map<string, unknown>();
  const calls = { batches: [] as number[], reads: [] as number[], singles: 0 };
  const nodes = ['peer-1', 'peer-2', 'peer-3'];
  const write = (it: BatchResolveItem) => {
    if (o.refuse?.has(it.conflictId)) return fail('refused', `the engine refused ${it.conflictId}`);
    stored.set(it.conflictId, it.value);
    return ok({ nodeId: 'peer-1', detail: 'written' });
  };
  const driver: ConflictCapable = {
    onConflict: () => () => {},
    resolveConflict: async (conflictId, value, how) => {
      calls.singles++;
      return write({ conflictId, value, how });
    },
    readKeyOnNodes: async (_key, t) => nodes.map((nodeId) => reading(nodeId, t!.conflictId)),
    ...(o.batch === false
      ? {}
      : {
          resolveBatch: async (items: BatchResolveItem[]) => {
            calls.batches.push(items.length);
            if (o.throws) throw new Error('socket closed');
            return items.map((it) => ({ conflictId: it.conflictId, result: write(it) }));
          },
          readKeysOnNodes: async (targets: KeyTarget[]) => {
            calls.reads.push(targets.length);
            return targets.map((t) => nodes.map((nodeId) => reading(nodeId, t.conflictId)));
          },
        }),
  };
  function reading(nodeId: string, conflictId: string): KeyReading {
    const v = o.lagging?.has(conflictId) && nodeId === 'peer-3' ? { stale: true } : (stored.get(conflictId) ?? null);
    return { nodeId, result: ok({ value: v, versions: 1, conflictId: null }) };
  }
  return { driver, calls };
}

function serviceOver(driver: ConflictCapable, count: number) {
  const audit: { params: Record<string, unknown>; outcome: string }[] = [];
  const writes: number[] = [];
  const progress: BulkRun[] = [];
  let now = 10_000;
  const service = new ConflictService({
    driverOf: () => driver,
    monitored: (id) => id === 'mp',
    audit: {
      append: async (e) => audit.push(e),
      appendMany: async (es) => {
        writes.push(es.length);
        audit.push(...es);
      },
    },
    actor: 'dba',
    now: () => (now += 1),
    log: createLogger('test/bulk'),
    onChange: () => undefined,
    onBulkProgress: (r) => progress.push(r),
    convergence: { timeoutMs: 30, intervalMs: 5 },
  });
  for (let i = 0; i < count; i++) service.receive(conflict(i));
  return { service, audit, writes, progress };
}

describe('bulkResolve in batches', () => {
  it('writes and reads back once per batch, audits one entry per conflict in one write per batch, and reports progress', async () => {
    const { driver, calls } = engine();
    const { service, audit, writes, progress } = serviceOver(driver, 600);
    const ids = Array.from({ length: 600 }, (_, i) => `c${i}`);
    const r = await bulkResolve(service, 'mp', { policy: 'last-writer-wins' }, ids, { batchSize: 250 });
    if (!r.ok) throw new Error(r.reason);
    expect(calls.batches).toEqual([250, 250, 100]);
    expect(calls.reads).toEqual([250, 250, 100]);
    expect(calls.singles).toBe(0);
    expect(r.value).toMatchObject({ mode: 'batch', total: 600, done: 600, resolvedCount: 600, batches: 3, finished: true, failed: [] });
    expect(r.value.resolved).toEqual(ids);
    expect(writes).toEqual([250, 250, 100]);
    expect(audit.map((e) => e.params.conflictId)).toEqual(ids);
    expect(audit[0]!.params).toMatchObject({ key: 'k0', mode: 'policy', after: { n: 0, by: 'peer-2' }, converged: true, bulk: r.value.id });
    expect(ids.every((id) => service.inbox.get(id)?.status === 'resolved')).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([0, 250, 500, 600, 600]);
    expect(progress.at(-1)).toEqual(r.value);
    expect(progress.slice(0, -1).every((p) => !p.finished && p.resolved.length === 0)).toBe(true);
  });

  it('lists partial failures by key and stage; a failed key is never reported as resolved', async () => {
    const { driver } = engine({ refuse: new Set(['c3']), lagging: new Set(['c5']) });
    const { service, audit } = serviceOver(driver, 8);
    service.receive({ ...conflict(7), status: 'resolved', resolution: { at: 1, by: 'engine', how: 'x', value: null } });
    const ids = ['c0', 'c3', 'c5', 'c7', 'nope', 'c1'];
    const r = await bulkResolve(service, 'mp', { policy: 'last-writer-wins' }, ids);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.resolved).toEqual(['c0', 'c1']);
    expect(r.value.failed.map((f) => [f.conflictId, f.key, f.stage])).toEqual([
      ['c7', 'items/k7', 'check'],
      ['nope', '', 'check'],
      ['c3', 'items/k3', 'write'],
      ['c5', 'items/k5', 'converge'],
    ]);
    expect(r.value.failed.find((f) => f.conflictId === 'c3')!.reason).toBe('refused: the engine refused c3');
    expect(r.value.failed.find((f) => f.conflictId === 'c5')!.reason).toContain('peer-3 reads {"stale":true}');
    expect(service.inbox.get('c3')!.status).toBe('open');
    expect(audit.find((e) => e.params.conflictId === 'c3')!.outcome).toBe('failed: refused: the engine refused c3');
    expect(audit.find((e) => e.params.conflictId === 'c5')!.params.converged).toBe(false);
  });

  it('an engine that throws fails the batch items as data, by key', async () => {
    const { driver } = engine({ throws: true });
    const { service } = serviceOver(driver, 3);
    const r = await bulkResolve(service, 'mp', { policy: 'last-writer-wins' }, ['c0', 'c1', 'c2']);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.resolvedCount).toBe(0);
    expect(r.value.failed.map((f) => `${f.key} ${f.stage} ${f.reason}`)).toEqual(['items/k0 write engine-error: socket closed', 'items/k1 write engine-error: socket closed', 'items/k2 write engine-error: socket closed']);
    expect(['c0', 'c1', 'c2'].every((id) => service.inbox.get(id)?.status === 'open')).toBe(true);
  });

  it('falls back to one resolution at a time on an engine without batches', async () => {
    const { driver, calls } = engine({ batch: false });
    const { service } = serviceOver(driver, 5);
    const r = await bulkResolve(service, 'mp', { policy: 'last-writer-wins' }, ['c0', 'c1', 'c2', 'c3', 'c4']);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toMatchObject({ mode: 'single', resolvedCount: 5 });
    expect(calls.singles).toBe(5);
  });

  it('refuses an unknown cluster and a second run on the same cluster', async () => {
    const { driver } = engine();
    const { service } = serviceOver(driver, 2);
    expect(await bulkResolve(service, 'other', { policy: 'last-writer-wins' }, ['c0'])).toMatchObject({ ok: false, code: 'unknown-cluster' });
    const first = bulkResolve(service, 'mp', { policy: 'last-writer-wins' }, ['c0']);
    expect(await bulkResolve(service, 'mp', { policy: 'last-writer-wins' }, ['c1'])).toMatchObject({ ok: false, code: 'busy' });
    expect(await first).toMatchObject({ ok: true });
  });
});
