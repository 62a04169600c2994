import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore, sandboxClusterId } from '../../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import { createLogger } from '../../../electron/core/logger';
import { ok } from '../../../shared/result';
import { FakeDriver } from '../../support/fake-driver';
import { createTestCore } from '../../support/test-core';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => cleanup?.());

describe('AppCore.handle', () => {
  it('refuses an unknown channel', async () => {
    const t = await createTestCore();
    cleanup = t.cleanup;
    expect(await t.core.handle('fs:readFile', {})).toMatchObject({ ok: false, code: 'unknown-channel' });
  });

  it('names every failing field of an invalid payload', async () => {
    const t = await createTestCore();
    cleanup = t.cleanup;
    const r = await t.core.handle('clusters:add', { engine: 'postgres', name: '', seeds: [], sampleIntervalMs: 10 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('invalid-payload');
    expect(r.issues?.map((i) => i.path).sort()).toEqual(['name', 'sampleIntervalMs', 'seeds']);
    expect(r.reason).toContain('sample interval must be at least 250 ms');
  });

  it('adds, lists, snapshots and removes a cluster, and pushes deltas', async () => {
    const t = await createTestCore();
    cleanup = t.cleanup;
    const deltas: unknown[] = [];
    t.core.onDelta((d) => deltas.push(d));
    const added = await t.core.handle('clusters:add', { engine: 'postgres', name: 'prod', seeds: ['postgres://u@h/db'], sampleIntervalMs: 250 });
    expect(added).toMatchObject({ ok: true, value: { name: 'prod', status: { kind: 'live' } } });
    const id = added.ok ? (added.value as { id: string }).id : '';
    await new Promise((r) => setTimeout(r, 400));
    expect(await t.core.handle('clusters:list', {})).toMatchObject({ ok: true, value: [{ id }] });
    expect(await t.core.handle('clusters:snapshot', { clusterId: id })).toMatchObject({ ok: true, value: { clusterId: id } });
    const hist = await t.core.handle('lag:history', { clusterId: id, linkId: 'p->r1' });
    expect(hist.ok && (hist.value as unknown[]).length).toBeGreaterThan(0);
    expect(deltas.length).toBeGreaterThan(0);
    expect(await t.core.handle('clusters:remove', { clusterId: id })).toMatchObject({ ok: true, value: { removed: true } });
    expect(t.drivers[0]!.disposed).toBe(true);
  });

  it('refuses a fault for a real cluster', async () => {
    const t = await createTestCore();
    cleanup = t.cleanup;
    const added = await t.core.handle('clusters:add', { engine: 'postgres', name: 'prod', seeds: ['postgres://u@h/db'] });
    const id = added.ok ? (added.value as { id: string }).id : '';
    const r = await t.core.handle('sandbox:fault', { clusterId: id, fault: { kind: 'kill-node', nodeId: 'p' } });
    expect(r).toMatchObject({ ok: false, code: 'not-a-sandbox' });
  });

  it('answers a missing cluster as data, not a throw', async () => {
    const t = await createTestCore();
    cleanup = t.cleanup;
    expect(await t.core.handle('clusters:snapshot', { clusterId: 'gone' })).toMatchObject({ ok: false, code: 'unknown-cluster' });
  });
});

describe('sandbox clusters', () => {
  it('keep the same id across starts, so an interrupted sandbox action stays under its cluster', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-sandbox-ids-'));
    const start = () =>
      AppCore.create({
        dataDir: dir,
        secretCodec: ownerOnlyFileCodec,
        resolveDriver: (spec, ctx) => ok(new FakeDriver([`fake:${spec.name}`], ctx.clusterId).capabilities()),
        startSandbox: async () => ({ specs: [{ engine: 'agent', name: 'Multi-primary', agents: [{ url: 'ws://127.0.0.1:1', token: 't' }] }], close: async () => {} }),
        log: createLogger('test'),
      });
    const ids = async () => {
      const core = await start();
      const r = await core.handle('clusters:list', {});
      await core.dispose();
      return r.ok ? (r.value as { id: string }[]).map((c) => c.id) : [];
    };
    try {
      expect(await ids()).toEqual(['sandbox-multi-primary']);
      expect(await ids()).toEqual(['sandbox-multi-primary']);
      expect(sandboxClusterId('  Raft (3 members) ')).toBe('sandbox-raft-3-members');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
