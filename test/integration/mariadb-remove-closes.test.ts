import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { createLogger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import { startMariadbTopology, type MariadbTopology } from '../harness/mariadb-topology';

/** Removing a MariaDB cluster closes every connection its driver opened (monitoring, action sessions, planning). */
const USER = 'rd_remove_probe';
const PW = 'rd-remove-pw';
let topo: MariadbTopology;
let core: AppCore;
let dir = '';

async function sessionsOf(port: 'p' | 'r'): Promise<string[]> {
  const admin = await topo.server(port).admin();
  const [rows] = await admin.query('SELECT ID, COMMAND, TIME FROM information_schema.PROCESSLIST WHERE USER = ?', [USER]);
  return (rows as { ID: number; COMMAND: string; TIME: number }[]).map((r) => `${r.ID} ${r.COMMAND} ${r.TIME}s`);
}

beforeAll(async () => {
  topo = await startMariadbTopology('rd-mdb-remove-', [{ name: 'p', serverId: 41 }, { name: 'r', serverId: 42 }], [['r', 'p']]);
  const p = await topo.server('p').admin();
  // Created on the primary: it replicates to r.
  await p.query(`CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY '${PW}'`);
  await p.query(`GRANT ALL PRIVILEGES ON *.* TO '${USER}'@'127.0.0.1'`);
  dir = mkdtempSync(path.join(tmpdir(), 'rd-mdb-remove-data-'));
  core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('test/mdb-remove'), deltaFlushMs: 50 });
});

afterAll(async () => {
  await core?.dispose();
  await topo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('removing a MariaDB cluster', () => {
  it('leaves no session of its login on any server (SHOW PROCESSLIST) once removed', async () => {
    for (let i = 0; i < 100 && (await sessionsOf('r')).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const added = await core.handle('clusters:add', { engine: 'mariadb', name: 'mdb-remove', seeds: [topo.server('p').address], auth: { user: USER, password: PW }, sampleIntervalMs: 250 });
    expect(added).toMatchObject({ ok: true });
    const clusterId = (added as { value: { id: string } }).value.id;
    // A switchover plan opens the action sessions and reads grants on every server.
    const plan = await core.handle('actions:plan', { clusterId, kind: 'switchover', target: topo.server('r').address });
    expect(plan).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 1_000));
    const during = [...(await sessionsOf('p')), ...(await sessionsOf('r'))];
    expect(during.length).toBeGreaterThan(0);
    expect(await core.handle('clusters:remove', { clusterId })).toMatchObject({ ok: true, value: { removed: true } });
    let left: string[] = during;
    for (let i = 0; i < 40 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = [...(await sessionsOf('p')), ...(await sessionsOf('r'))];
    }
    expect(left, `sessions of ${USER} still open after remove`).toEqual([]);
  });
});
