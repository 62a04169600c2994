import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { createLogger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import { ClusterSampleSchema, type ClusterSample } from '../../shared/model/sample';
import { startMariadbTopology, type MariadbTopology } from '../harness/mariadb-topology';
import { MDB_ADMIN } from '../harness/mariadb-server';

/** A MariaDB cluster added like the UI adds one: through `clusters:add`, the registry and the monitor, with the real driver. */
let topo: MariadbTopology;
let core: AppCore;
let dir = '';

beforeAll(async () => {
  topo = await startMariadbTopology('rd-mdb-core-', [{ name: 'p', serverId: 31 }, { name: 'r', serverId: 32 }], [['r', 'p']]);
  dir = mkdtempSync(path.join(tmpdir(), 'rd-mdb-core-data-'));
  core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('test/mdb-core'), deltaFlushMs: 50 });
});

afterAll(async () => {
  await core?.dispose();
  await topo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a MariaDB cluster through the app core', () => {
  it('is added from the replica address, sampled by the monitor, and its snapshot has both servers and the link', async () => {
    const added = await core.handle('clusters:add', {
      engine: 'mariadb',
      name: 'mdb',
      seeds: [topo.server('r').address],
      auth: { user: MDB_ADMIN.user, password: MDB_ADMIN.password },
      sampleIntervalMs: 250,
    });
    expect(added).toMatchObject({ ok: true, value: { engine: 'mariadb', kind: 'primary-replica' } });
    const clusterId = (added as { value: { id: string } }).value.id;
    let sample: ClusterSample | null = null;
    for (let i = 0; i < 40 && !sample?.nodes.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const snap = await core.handle('clusters:snapshot', { clusterId });
      sample = snap.ok ? ClusterSampleSchema.nullable().parse(snap.value) : null;
    }
    expect(sample?.nodes.map((n) => [n.id, n.role]).sort()).toEqual([
      [topo.server('p').address, 'primary'],
      [topo.server('r').address, 'replica'],
    ].sort());
    expect(sample?.links.map((l) => [l.id, l.state, l.lag.transactions?.behind])).toEqual([[`${topo.server('p').address}->${topo.server('r').address}`, 'streaming', 0]]);
  });

  it('refuses the same servers twice, and a wrong password as data', async () => {
    const again = await core.handle('clusters:add', { engine: 'mariadb', name: 'again', seeds: [topo.server('r').address], auth: { user: MDB_ADMIN.user, password: MDB_ADMIN.password } });
    expect(again).toMatchObject({ ok: false, code: 'duplicate', reason: expect.stringContaining(`${topo.server('r').address} is already monitored`) });
    const wrong = await core.handle('clusters:add', { engine: 'mariadb', name: 'wrong', seeds: [topo.server('p').address], auth: { user: MDB_ADMIN.user, password: 'nope' } });
    expect(wrong).toMatchObject({ ok: false, code: 'auth-failed' });
  });
});
