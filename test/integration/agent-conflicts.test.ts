import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMultiPrimarySandbox } from '../../agent/sandbox';
import { serveCluster, type ServedNode } from '../../agent/server';
import type { SandboxCluster } from '../../agent/backend';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { agentCapabilities } from '../../electron/drivers/agent';
import type { Logger } from '../../electron/core/logger';
import type { ResponseOf, RequestOf, Channel } from '../../shared/ipc/contract';
import type { MonitorDelta } from '../../shared/ipc/delta';
import type { ConflictEvent } from '../../shared/model/conflict';
import { fail, ok } from '../../shared/result';

/**
 * The conflict inbox against the real multi-primary sandbox served by agents
 * on loopback, through the app core's IPC handlers: a forced conflict shows up
 * with both versions, is resolved by keeping one, every peer converges, and the
 * audit log records it; a policy is previewed, switched on, and audited.
 */
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
let cluster: SandboxCluster;
let served: ServedNode[] = [];
let core: AppCore;
let dir: string;
const deltas: MonitorDelta[] = [];

async function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await core.handle(channel, req);
  if (!r.ok) throw new Error(`${channel} failed: ${r.code}: ${r.reason}`);
  return r.value as ResponseOf<C>;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let clusterId = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-conflicts-'));
  cluster = createMultiPrimarySandbox({ writesPerSecond: 0, conflictEveryMs: null, seed: 7 });
  served = await serveCluster(cluster, { token: 't', host: '127.0.0.1' });
  core = await AppCore.create({
    dataDir: dir,
    secretCodec: ownerOnlyFileCodec,
    resolveDriver: (spec, ctx) => (spec.engine === 'agent' ? ok(agentCapabilities(spec, ctx)) : fail('unsupported', 'agent only')),
    startSandbox: async () => ({ specs: [{ engine: 'agent', name: 'mp', agents: served.map((s) => ({ url: s.server.url, token: 't' })), sampleIntervalMs: 250 }], close: async () => {} }),
    log: quiet,
    deltaFlushMs: 50,
  });
  core.onDelta((d) => deltas.push(d));
  clusterId = await until('the cluster to be live', async () => (await call('clusters:list', {})).find((c) => c.status.kind === 'live')?.id);
}, 30_000);

afterAll(async () => {
  await core?.dispose();
  await Promise.allSettled(served.map((s) => s.server.close()));
  await cluster?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function forceConflict(key: string): Promise<{ conflict: ConflictEvent; detectMs: number }> {
  const started = Date.now();
  await call('sandbox:fault', { clusterId, fault: { kind: 'same-key', nodeIds: ['peer-1', 'peer-2'], key } });
  const conflict = await until(`a conflict on ${key} in the inbox`, async () => {
    const list = await call('conflicts:list', { clusterId, status: 'open' });
    return list.conflicts.find((c) => c.target.key === key && c.versions.length === 2);
  });
  return { conflict, detectMs: Date.now() - started };
}

describe('conflict inbox on the sandbox multi-primary cluster', () => {
  it('shows a forced conflict with both versions, resolves it by keeping one, and every peer converges', async () => {
    const { conflict, detectMs } = await forceConflict('it-keep');
    console.log(`conflict to inbox: ${detectMs} ms`);
    expect(conflict.versions.map((v) => v.origin).sort()).toEqual(['peer-1', 'peer-2']);
    for (const v of conflict.versions) expect(Object.keys(v.versionVector ?? {})).toContain(v.origin);
    await until('the conflict in a pushed delta', async () => deltas.some((d) => d.conflicts.some((c) => c.id === conflict.id)));

    const keep = conflict.versions.findIndex((v) => v.origin === 'peer-1');
    const preview = await call('conflicts:preview', { conflictId: conflict.id, choice: { kind: 'keep', version: keep } });
    expect(preview.value).toEqual(conflict.versions[keep]!.value);
    expect(preview.vector).toContain('dominates every conflicting version');

    const r = await call('conflicts:resolve', { conflictId: conflict.id, choice: { kind: 'keep', version: keep } });
    console.log(`resolution: ${r.convergence.detail}`);
    expect(r.convergence.converged).toBe(true);
    expect(r.convergence.peers.map((p) => p.nodeId).sort()).toEqual(['peer-1', 'peer-2', 'peer-3']);
    for (const p of r.convergence.peers) expect(p.value).toEqual(conflict.versions[keep]!.value);

    const resolved = await until('the conflict in the history', async () =>
      (await call('conflicts:list', { clusterId, status: 'resolved' })).conflicts.find((c) => c.id === conflict.id),
    );
    expect(resolved.resolution?.value).toEqual(conflict.versions[keep]!.value);
    const audit = await call('audit:list', { clusterId });
    const entry = audit.find((e) => e.action === 'conflict.resolve' && e.params.conflictId === conflict.id);
    expect(entry?.params).toMatchObject({ mode: 'hand', choice: 'keep', key: 'it-keep', after: conflict.versions[keep]!.value, converged: true });
    expect((entry?.params.before as unknown[]).length).toBe(2);
    expect(entry?.outcome).toContain('converged');
    expect(await call('audit:verify', {})).toMatchObject({ ok: true });
  });

  it('previews last-writer-wins on the open conflicts, switches it on, and the engine settles them as previewed', async () => {
    const { conflict } = await forceConflict('it-policy');
    const preview = await call('conflicts:previewPolicy', { clusterId, policy: { policy: 'last-writer-wins' } });
    expect(preview.open).toBe(1);
    expect(preview.settles).toBe(1);
    const outcome = preview.outcomes.find((o) => o.conflictId === conflict.id)!;
    expect(await call('conflicts:previewPolicy', { clusterId, policy: { policy: 'manual' } })).toMatchObject({ settles: 0 });

    const set = await call('conflicts:setPolicy', { clusterId, policy: { policy: 'last-writer-wins' } });
    expect(set.resolvedConflicts).toContain(conflict.id);
    const settled = await until('the policy resolution in the inbox', async () =>
      (await call('conflicts:list', { clusterId, status: 'resolved' })).conflicts.find((c) => c.id === conflict.id),
    );
    expect(settled.resolution?.by).toBe('policy:last-writer-wins');
    expect(settled.resolution?.value).toEqual(outcome.value);
    const audit = await until('the policy audit entry', async () =>
      (await call('audit:list', { clusterId })).find((e) => e.action === 'conflict.resolve' && e.params.conflictId === conflict.id),
    );
    expect(audit.params).toMatchObject({ mode: 'policy', by: 'policy:last-writer-wins' });
    expect((await call('audit:list', { clusterId })).some((e) => e.action === 'conflict.policy')).toBe(true);
    expect((await call('conflicts:list', { clusterId })).policies[clusterId]).toBe('last-writer-wins');
    await call('conflicts:setPolicy', { clusterId, policy: { policy: 'manual' } });
  });

  it('refuses bad input as data', async () => {
    expect(await core.handle('conflicts:resolve', { conflictId: 'nope', choice: { kind: 'keep', version: 0 } })).toMatchObject({ ok: false, code: 'unknown-conflict' });
    const bad = await core.handle('conflicts:resolve', { conflictId: 'x', choice: { kind: 'keep', version: -1 } });
    expect(bad).toMatchObject({ ok: false, code: 'invalid-payload' });
    expect(await core.handle('conflicts:setPolicy', { clusterId, policy: { policy: 'prefer-node' } })).toMatchObject({ ok: false, code: 'invalid-payload' });
  });
});
