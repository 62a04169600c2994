import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { startMasterMaster, type MariadbTopology } from '../harness/mariadb-topology';
import { mariadbDriver, sampleUntil } from '../harness/mariadb-driver';
import { gtidBinlogPos, waitApplied } from '../harness/mariadb-replication';
import { MDB_ADMIN } from '../harness/mariadb-server';
import type { MariadbDriver } from '../../electron/drivers/mariadb';

describe('MariaDB master-master', () => {
  let topo: MariadbTopology;
  let driver: MariadbDriver;

  beforeAll(async () => {
    topo = await startMasterMaster();
    console.log(`mariadb: master-master up in ${topo.startMs} ms`);
  });

  afterAll(async () => {
    await driver?.dispose();
    await topo?.stop();
  });

  it('shows both masters as primaries with a link each way', async () => {
    const [m1, m2] = [topo.server('m1'), topo.server('m2')];
    await (await m2.admin()).query('INSERT INTO rd.t (v) VALUES (?)', ['from m2']);
    await waitApplied(m1, await gtidBinlogPos(m2));
    driver = mariadbDriver([m1.address]);
    expect(await driver.connect(AbortSignal.timeout(10_000))).toEqual({ ok: true, value: { kind: 'multi-primary' } });
    const s = await sampleUntil(driver, (x) => x.links.length === 2 && x.links.every((l) => l.lag.transactions?.behind === 0));
    expect(s.nodes.map((n) => [n.id, n.role]).sort()).toEqual([[m1.address, 'primary'], [m2.address, 'primary']].sort());
    expect(s.links.map((l) => `${l.from}->${l.to}:${l.state}`).sort()).toEqual([`${m1.address}->${m2.address}:streaming`, `${m2.address}->${m1.address}:streaming`].sort());
    // Each master writes in its own domain: both domains are counted on both links.
    for (const l of s.links) expect(Object.keys(l.lag.transactions?.perDomain ?? {}).sort()).toEqual(['1', '2']);
    expect(s.warnings).toEqual([]);
  });

  it('reads a server at once after its side ended our kept connection (a restart), without an unreachable sample', async () => {
    const m2 = topo.server('m2');
    const c = await m2.admin();
    const [rows] = await c.query<RowDataPacket[]>('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()', [MDB_ADMIN.user]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) await c.query('KILL ?', [Number(r.id)]);
    const s = await driver.sample(AbortSignal.timeout(10_000));
    expect(s.nodes.find((n) => n.id === m2.address)?.status).toEqual({ kind: 'up' });
  });

  it('a wrong password is auth-failed, naming the user', async () => {
    const d = mariadbDriver([topo.server('m1').address], { auth: { user: MDB_ADMIN.user, password: 'not-the-password' } });
    const r = await d.connect(AbortSignal.timeout(5_000));
    expect(r).toMatchObject({ ok: false, code: 'auth-failed', reason: expect.stringContaining(`"${MDB_ADMIN.user}"`) });
    await d.dispose();
  });
});
