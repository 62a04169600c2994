import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoolerRig, type PoolerRig } from '../harness/pgbouncer-rig';

let rig: PoolerRig;
beforeAll(async () => {
  rig = await createPoolerRig();
});
afterAll(async () => {
  await rig?.stop();
});

describe('PgBouncer harness', () => {
  it('runs PgBouncer 1.18 in transaction pooling in front of the primary', async () => {
    const version = await rig.bouncer.admin('SHOW VERSION');
    expect(String(Object.values(version[0] ?? {})[0])).toMatch(/PgBouncer 1\.18/);
    const c = new pg.Client(rig.appConfig());
    await c.connect();
    const r = await c.query<{ port: number; rec: boolean }>('SELECT current_setting($1)::int AS port, pg_is_in_recovery() AS rec', ['port']);
    await c.end();
    expect(r.rows[0]).toEqual({ port: rig.cluster.node('primary').port, rec: false });
    const config = await rig.bouncer.admin('SHOW CONFIG');
    const mode = config.find((row) => row.key === 'pool_mode');
    expect(mode?.value).toBe('transaction');
  });
});
