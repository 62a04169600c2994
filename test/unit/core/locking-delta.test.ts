import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import { createLogger } from '../../../electron/core/logger';
import type { LockingReadable } from '../../../electron/core/driver';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import type { NodeLocking } from '../../../shared/model/locking';
import { ok } from '../../../shared/result';
import { FakeDriver } from '../../support/fake-driver';

const node = (nodeId: string, gids: string[]): NodeLocking => ({
  nodeId, readAt: Date.now(), error: null, inRecovery: false, maxPrepared: 10, standbyConflicts: [], sessions: [],
  prepared: gids.map((gid) => ({ nodeId, gid, xid: '7', preparedAt: 1, owner: 'o', database: 'db', xidAge: 1, holdsXminHorizon: false, locks: [], blocks: [] })),
});

let core: AppCore | null = null;
let dir = '';
afterEach(async () => {
  await core?.dispose();
  core = null;
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('locking snapshots travel in the deltas', () => {
  it('a cluster whose driver reads locking has each new reading in the next delta; one without locking has none', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-locking-delta-'));
    let gids = ['g1'];
    let reads = 0;
    const locking: LockingReadable = {
      readLocking: async () => {
        reads++;
        return [node('p', gids)];
      },
    };
    core = await AppCore.create({
      dataDir: dir,
      secretCodec: ownerOnlyFileCodec,
      resolveDriver: (spec, ctx) => {
        const d = new FakeDriver([`fake:${spec.name}`], ctx.clusterId);
        return ok(spec.name === 'pg' ? { sampler: d, locking } : d.capabilities());
      },
      log: createLogger('test'),
      deltaFlushMs: 20,
      lockingIntervalMs: 100,
    });
    const deltas: MonitorDelta[] = [];
    core.onDelta((d) => deltas.push(d));
    const pg = await core.handle('clusters:add', { engine: 'postgres', name: 'pg', seeds: ['postgres://u@h/db'], sampleIntervalMs: 250 });
    const other = await core.handle('clusters:add', { engine: 'postgres', name: 'plain', seeds: ['postgres://u@h2/db'], sampleIntervalMs: 250 });
    const pgId = pg.ok ? (pg.value as { id: string }).id : '';
    const otherId = other.ok ? (other.value as { id: string }).id : '';
    const snaps = () => deltas.flatMap((d) => d.locking);
    for (let i = 0; i < 100 && !snaps().some((s) => s.inDoubt.length === 1); i++) await sleep(20);
    expect(snaps().find((s) => s.clusterId === pgId)).toMatchObject({ inDoubt: [{ gid: 'g1', nodes: ['p'] }] });

    gids = ['g1', 'g2'];
    for (let i = 0; i < 100 && !snaps().some((s) => s.inDoubt.length === 2); i++) await sleep(20);
    expect(snaps().at(-1)).toMatchObject({ clusterId: pgId, inDoubt: [{ gid: 'g1' }, { gid: 'g2' }] });
    // At most one snapshot per cluster in a delta (the newest).
    for (const d of deltas) expect(new Set(d.locking.map((s) => s.clusterId)).size).toBe(d.locking.length);
    expect(snaps().every((s) => s.clusterId === pgId)).toBe(true);
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(await core.handle('locking:snapshot', { clusterId: otherId, fresh: false })).toMatchObject({ ok: false, code: 'not-supported' });
  });
});
