import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConflictService } from '../../../electron/core/conflicts/conflict-service';
import { previewPolicy, setPolicy } from '../../../electron/core/conflicts/conflict-policies';
import { ALL_TABLES, TablePolicies } from '../../../electron/core/conflicts/table-policies';
import type { ConflictCapable } from '../../../electron/core/driver';
import { createLogger } from '../../../electron/core/logger';
import type { ConflictEvent } from '../../../shared/model/conflict';
import { ok } from '../../../shared/result';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function conflict(id: string, table: string, newer: 'peer-1' | 'peer-2' = 'peer-2'): ConflictEvent {
  return {
    id,
    clusterId: 'pg',
    target: { table, key: `id=${id}` },
    kind: 'insert-insert',
    detectedAt: 1_000,
    versions: [
      { nodeId: 'peer-1', origin: 'peer-1', value: { id, by: 'peer-1' }, committedAt: newer === 'peer-1' ? 2_000 : 1_000, versionVector: null, position: '0/1' },
      { nodeId: 'peer-2', origin: 'peer-2', value: { id, by: 'peer-2' }, committedAt: newer === 'peer-2' ? 2_000 : 1_000, versionVector: null, position: '0/2' },
    ],
    suggestion: null,
    status: 'open',
    resolution: null,
  };
}

/** A service over a driver that writes whatever it is given and has no policies of its own (like PostgreSQL). */
function rig() {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-table-policies-'));
  dirs.push(dir);
  const written: { id: string; value: unknown; how: string }[] = [];
  const audit: { action: string; params: Record<string, unknown>; outcome: string }[] = [];
  const driver = {
    resolveConflict: async (id: string, value: unknown, how: string) => {
      written.push({ id, value, how });
      return ok({ nodeId: 'peer-1', detail: 'written' });
    },
  } as unknown as ConflictCapable;
  const service = new ConflictService({
    driverOf: () => driver,
    monitored: () => true,
    audit: { append: async (e) => audit.push(e) },
    actor: 'dba',
    now: () => 5_000,
    log: createLogger('test'),
    onChange: () => undefined,
  });
  const file = path.join(dir, 'conflict-policies.json');
  const tables = new TablePolicies(file, service);
  service.inbox.onChange((c, change) => change === 'new' && tables.onNew(c));
  return { service, tables, written, audit, file };
}

describe('policies the app applies per table', () => {
  it('settles only the named table, now and as new conflicts arrive; other tables stay open for an admin', async () => {
    const { service, tables, written, audit } = rig();
    service.receive(conflict('1', 'public.items'));
    service.receive(conflict('2', 'public.orders'));
    expect(previewPolicy(service, 'pg', { policy: 'last-writer-wins' }, undefined, 10, 'public.items')).toMatchObject({ open: 1, settles: 1 });

    const r = await setPolicy(service, tables, 'pg', { policy: 'last-writer-wins' }, 'public.items');
    expect(r).toEqual({ ok: true, value: { policy: 'last-writer-wins', resolvedConflicts: ['1'] } });
    expect(written).toEqual([{ id: '1', value: { id: '1', by: 'peer-2' }, how: expect.stringMatching(/^policy:last-writer-wins \(app, table public.items\)/) }]);
    expect(audit.find((a) => a.action === 'conflict.policy')).toMatchObject({ params: { table: 'public.items', appliedBy: 'app' } });
    expect(audit.find((a) => a.action === 'conflict.resolve')?.params).toMatchObject({ mode: 'policy', conflictId: '1' });

    service.receive(conflict('3', 'public.items', 'peer-1'));
    service.receive(conflict('4', 'public.orders'));
    await tables.idle();
    expect(service.inbox.get('3')?.status).toBe('resolved');
    expect(written.at(-1)).toMatchObject({ id: '3', value: { by: 'peer-1' } });
    expect(service.inbox.openOf('pg').map((c) => c.id)).toEqual(['2', '4']);
    expect(tables.list('pg')).toEqual({ 'public.items': 'last-writer-wins' });
  });

  it('applies a cluster-wide policy itself when the engine has none, keeps it across restarts, and manual switches it off', async () => {
    const { service, tables, written, file } = rig();
    service.receive(conflict('5', 'public.orders'));
    const r = await setPolicy(service, tables, 'pg', { policy: 'prefer-node', node: 'peer-1' });
    expect(r.ok && r.value.resolvedConflicts).toEqual(['5']);
    expect(written[0]).toMatchObject({ value: { by: 'peer-1' }, how: expect.stringContaining('every table') });

    const reloaded = new TablePolicies(file, service);
    await reloaded.load();
    expect(reloaded.list('pg')).toEqual({ [ALL_TABLES]: 'prefer-node' });
    expect(reloaded.policyFor({ clusterId: 'pg', target: { table: 'anything', key: 'k' } })).toEqual({ policy: 'prefer-node', node: 'peer-1' });

    await setPolicy(service, tables, 'pg', { policy: 'manual' });
    expect(tables.list('pg')).toEqual({});
    service.receive(conflict('6', 'public.orders'));
    await tables.idle();
    expect(service.inbox.get('6')?.status).toBe('open');
  });
});
