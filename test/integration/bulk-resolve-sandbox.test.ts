import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMultiPrimarySandbox } from '../../agent/sandbox';
import { serveCluster, type ServedNode } from '../../agent/server';
import type { SandboxCluster } from '../../agent/backend';
import { AppCore } from '../../electron/core/app-core';
import { ConflictInbox } from '../../electron/core/conflicts/conflict-inbox';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { agentCapabilities } from '../../electron/drivers/agent';
import type { Logger } from '../../electron/core/logger';
import type { ResponseOf, RequestOf, Channel } from '../../shared/ipc/contract';
import type { BulkRun } from '../../shared/ipc/conflict-bulk';
import { fail, ok } from '../../shared/result';

/**
 * Bulk resolution on the sandbox multi-primary cluster behind real agents, through the app core:
 * COUNT real conflicts made by the engine, resolved by last-writer-wins in batches (`resolveConflicts`
 * and `readKeys` over the agent protocol), every key then read back on every peer by the test itself.
 */
const COUNT = Number(process.env.BULK_COUNT ?? 1_000);
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const PAIRS: [string, string][] = [['peer-1', 'peer-2'], ['peer-2', 'peer-3'], ['peer-1', 'peer-3']];
let cluster: SandboxCluster;
let served: ServedNode[] = [];
let core: AppCore;
let dir: string;
const inbox = new ConflictInbox();
const progress: BulkRun[] = [];
let clusterId = '';

async function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await core.handle(channel, req);
  if (!r.ok) throw new Error(`${channel} failed: ${r.code}: ${r.reason}`);
  return r.value as ResponseOf<C>;
}

async function until<T>(what: string, probe: () => T | null | undefined | Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-bulk-'));
  cluster = createMultiPrimarySandbox({ writesPerSecond: 0, conflictEveryMs: null, seed: 11 });
  served = await serveCluster(cluster, { token: 't', host: '127.0.0.1' });
  core = await AppCore.create({
    dataDir: dir,
    secretCodec: ownerOnlyFileCodec,
    resolveDriver: (spec, ctx) => (spec.engine === 'agent' ? ok(agentCapabilities(spec, ctx)) : fail('unsupported', 'agent only')),
    startSandbox: async () => ({ specs: [{ engine: 'agent', name: 'mp', agents: served.map((s) => ({ url: s.server.url, token: 't' })), sampleIntervalMs: 1_000 }], close: async () => {} }),
    log: quiet,
    deltaFlushMs: 50,
    conflictInbox: inbox,
  });
  core.onDelta((d) => progress.push(...d.bulk));
  clusterId = await until('the cluster to be live', async () => (await call('clusters:list', {})).find((c) => c.status.kind === 'live')?.id, 30_000);
  const writer = cluster.nodes[0]!;
  for (let i = 0; i < COUNT; i++) {
    const r = await writer.command({ name: 'fault', fault: { kind: 'same-key', nodeIds: PAIRS[i % 3]!, key: `bulk-${i}` } });
    if (!r.ok) throw new Error(r.reason);
    if (i % 250 === 249) await new Promise((r) => setTimeout(r, 20));
  }
  await until(`${COUNT} open conflicts`, () => inbox.openOf(clusterId).length >= COUNT, 120_000);
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  await Promise.allSettled(served.map((s) => s.server.close()));
  await cluster?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bulk resolution on the sandbox', () => {
  it(`resolves ${COUNT} conflicts in batches, each read back converged on every peer, audited, with progress and failures by key`, async () => {
    const open = inbox.openOf(clusterId);
    const ids = open.map((c) => c.id);
    const t0 = performance.now();
    const run = await call('conflicts:bulkResolve', { clusterId, policy: { policy: 'last-writer-wins' }, conflictIds: [...ids, 'no-such-conflict'] });
    const seconds = (performance.now() - t0) / 1_000;
    console.log(`sandbox bulk: ${run.resolvedCount}/${ids.length} in ${seconds.toFixed(2)} s = ${(run.resolvedCount / seconds).toFixed(0)}/s (${run.batches} batches, mode ${run.mode})`);
    expect(run.mode).toBe('batch');
    expect(run.resolved.length).toBe(ids.length);
    expect(run.failed).toEqual([{ conflictId: 'no-such-conflict', key: '', stage: 'check', reason: 'not in the inbox' }]);
    expect(run.resolvedCount / seconds).toBeGreaterThan(100); // goal 500/s; generous on a shared 2-core machine

    // Progress came through the delta stream, counting up, ending with the finished record.
    const mine = await until('the finished record in a delta', () => (progress.some((p) => p.id === run.id && p.finished) ? progress.filter((p) => p.id === run.id) : null), 5_000);
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.map((p) => p.done)).toEqual([...mine.map((p) => p.done)].sort((a, b) => a - b));
    expect(mine.at(-1)).toMatchObject({ finished: true, done: ids.length + 1, total: ids.length + 1 });

    // Read back by the test itself, on every peer, in one readKeys each.
    const byKey = new Map(open.map((c) => [c.target.key, run.resolved.includes(c.id)]));
    const keys = [...byKey.keys()];
    const values: unknown[][] = [];
    for (const node of cluster.nodes) {
      for (let i = 0; i < keys.length; i += 500) {
        const r = await node.command({ name: 'readKeys', keys: keys.slice(i, i + 500) });
        if (!r.ok) throw new Error(r.reason);
        const readings = (r.value as { readings: { key: string; value: unknown; versions: unknown[] }[] }).readings;
        readings.forEach((x, j) => {
          expect(x.versions.length, `${x.key} on ${node.nodeId}`).toBe(1);
          (values[i + j] ??= []).push(JSON.stringify(x.value));
        });
      }
    }
    const converged = values.filter((vs) => vs.length === 3 && new Set(vs).size === 1).length;
    expect(converged).toBe(keys.length);

    // One audit entry per conflict, converged, and the chain verifies; the inbox holds each as resolved.
    const audit = (await call('audit:list', { clusterId, limit: 10_000 })).filter((e) => e.action === 'conflict.resolve' && e.params.bulk === run.id);
    expect(audit.length).toBe(ids.length);
    expect(audit.every((e) => e.params.converged === true)).toBe(true);
    expect(await call('audit:verify', {})).toMatchObject({ ok: true });
    expect(ids.every((id) => inbox.get(id)?.status === 'resolved')).toBe(true);
  }, 120_000);
});
