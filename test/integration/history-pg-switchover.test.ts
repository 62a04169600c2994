import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { createLogger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import type { Result } from '../../shared/result';
import type { HistoryMarker, HistoryMoment } from '../../shared/ipc/history';
import type { ClusterSample } from '../../shared/model/sample';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';

/** A real PG15 primary + standby watched by the app core: after a switchover, `history:at` before it shows the old primary. */
const NAME = 'history pg15';
let cluster: PgCluster;
let core: AppCore;
let dir = '';
let clusterId = '';
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;
const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.reason}`);
  return r.value as T;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const newCore = () => AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('test/history-pg'), deltaFlushMs: 50 });

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

const primaryOf = (s: ClusterSample | null | undefined) => s?.nodes.filter((n) => n.role === 'primary' && !n.fenced).map((n) => n.id);

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 1 });
  dir = mkdtempSync(path.join(tmpdir(), 'rd-history-pg-'));
  core = await newCore();
});

afterAll(async () => {
  await core?.dispose();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('history of a real PostgreSQL 15 switchover', () => {
  it('shows the old primary as primary before the switchover, the new one after, across a restart of the core', async () => {
    const added = value<{ id: string }>(await core.handle('clusters:add', { engine: 'postgres', name: NAME, seeds: [cluster.connectionString('primary'), cluster.connectionString('standby1')], sampleIntervalMs: 500 }));
    clusterId = added.id;
    await until('both nodes sampled', 20_000, async () => {
      const s = value<ClusterSample | null>(await core.handle('clusters:snapshot', { clusterId }));
      return s?.nodes.length === 2 && s.links.length === 1;
    });
    await sleep(3_000);
    const before = Date.now() - 500;

    const run = value<{ plan: { id: string } }>(await core.handle('actions:plan', { clusterId, kind: 'switchover', target: id('standby1') }));
    value(await core.handle('actions:execute', { planId: run.plan.id, confirmName: NAME }));
    await until('standby1 promoted', 60_000, async () => primaryOf(value<ClusterSample | null>(await core.handle('clusters:snapshot', { clusterId })))?.[0] === id('standby1'));
    await sleep(2_000);
    const after = Date.now() - 500;

    const check = async (c: AppCore) => {
      const then = value<HistoryMoment>(await c.handle('history:at', { clusterId, at: before }));
      expect(then.note).toBeNull();
      expect(primaryOf(then.sample)).toEqual([id('primary')]);
      expect(then.sample?.nodes.find((n) => n.id === id('standby1'))?.role).toBe('replica');
      expect(then.sample?.links.map((l) => l.id)).toEqual([`${id('primary')}->${id('standby1')}`]);
      expect(then.sample?.links[0]?.lag.source).toBe('history');
      const now = value<HistoryMoment>(await c.handle('history:at', { clusterId, at: after }));
      expect(primaryOf(now.sample)).toEqual([id('standby1')]);
      const marks = value<HistoryMarker[]>(await c.handle('history:markers', { clusterId, from: before - 60_000, to: Date.now() }));
      // Named as the stored topology named them (display names), not by address.
      expect(marks.find((m) => m.kind === 'failover')?.title).toContain('new primary: primary → standby1');
      expect(marks.some((m) => m.kind === 'action' && m.title.startsWith('switchover'))).toBe(true);
    };
    await check(core);

    // A restart of the core: the history is still there.
    await core.dispose();
    const started = performance.now();
    core = await newCore();
    console.log(`history-pg: core reopened in ${(performance.now() - started).toFixed(0)} ms`);
    await check(core);
    const lag = value<{ points: unknown[]; resolution: string }>(await core.handle('history:lag', { clusterId, linkId: `${id('primary')}->${id('standby1')}`, rangeMs: 5 * 60_000 }));
    expect(lag.resolution).toBe('raw');
    expect(lag.points.length).toBeGreaterThanOrEqual(4);
  });
});
