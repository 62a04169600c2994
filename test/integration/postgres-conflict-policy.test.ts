import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import type { Logger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { createLogicalPair, type LogicalNode, type LogicalPair } from '../harness/pg-logical';
import { waitUntil } from '../harness/pg-query';

/**
 * A per-table policy the app applies on PostgreSQL (which has no conflict policies of its own): last
 * writer wins on public.items, switched on through the app core. When a partition heals, both sides'
 * insert/insert conflicts are settled without an admin: the later insert wins on both nodes (kept
 * locally on one side, taken from the remote on the other), and both subscriptions run again.
 */
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
let pair: LogicalPair;
let core: AppCore;
let dir: string;
let clusterId = '';

async function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await core.handle(channel, req);
  if (!r.ok) throw new Error(`${channel} failed: ${r.code}: ${r.reason}`);
  return r.value as ResponseOf<C>;
}
const rowOf = async (n: LogicalNode) => (await n.query(`SELECT id, owner, val, qty FROM items WHERE id = 7`))[0] ?? null;
const enabled = async (n: LogicalNode) => (await n.query<{ e: boolean }>(`SELECT bool_and(subenabled) AS e FROM pg_subscription`))[0]?.e;

beforeAll(async () => {
  pair = await createLogicalPair();
  dir = mkdtempSync(path.join(tmpdir(), 'rd-pg-policy-'));
  core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: quiet, deltaFlushMs: 50 });
  clusterId = (await call('clusters:add', { engine: 'postgres', name: 'logical pair', seeds: [pair.a.connectionString, pair.b.connectionString], sampleIntervalMs: 1000 })).id;
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  await pair?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a per-table policy applied by the app on PostgreSQL 15', () => {
  it('settles both sides of an insert/insert conflict by last writer wins, and the nodes converge', async () => {
    const on = await call('conflicts:setPolicy', { clusterId, table: 'public.items', policy: { policy: 'last-writer-wins' } });
    expect(on).toEqual({ policy: 'last-writer-wins', resolvedConflicts: [] });
    expect((await call('conflicts:list', {})).tablePolicies).toEqual({ [clusterId]: { 'public.items': 'last-writer-wins' } });

    const healed = await pair.partition(async () => {
      await pair.a.query(`INSERT INTO items VALUES (7, 'a', 'first', 1)`);
      await new Promise((r) => setTimeout(r, 50));
      await pair.b.query(`INSERT INTO items VALUES (7, 'b', 'later', 2)`); // committed last: it wins
    });

    let settled: ResponseOf<'conflicts:list'>['conflicts'] = [];
    await waitUntil(async () => {
      settled = (await call('conflicts:list', { status: 'resolved' })).conflicts.filter((c) => c.target.key === 'id=7');
      return settled.length === 2;
    }, 'both conflicts settled by the policy', 30_000);
    console.log(`per-table LWW on PG15: heal to both sides settled in ${Date.now() - healed} ms`);
    expect(settled.map((c) => c.resolution?.how)).toEqual([expect.stringMatching(/^policy:last-writer-wins \(app, table public.items\)/), expect.stringMatching(/^policy:last-writer-wins/)]);
    await waitUntil(async () => JSON.stringify(await rowOf(pair.a)) === JSON.stringify(await rowOf(pair.b)), 'both nodes to hold the same row', 10_000);
    expect(await rowOf(pair.a)).toEqual({ id: 7, owner: 'b', val: 'later', qty: 2 });
    expect(await enabled(pair.a)).toBe(true);
    expect(await enabled(pair.b)).toBe(true);
    const audit = await call('audit:list', { clusterId });
    expect(audit.filter((a) => a.action === 'conflict.resolve' && a.params.mode === 'policy')).toHaveLength(2);
    expect(audit.find((a) => a.action === 'conflict.policy')?.params).toMatchObject({ table: 'public.items', appliedBy: 'app' });
  });
});
