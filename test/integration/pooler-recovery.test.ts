import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fail } from '../../shared/result';
import { blockers, describeRun } from '../harness/pg-actions';
import { poolerActionRig, type PoolerActionRig } from '../harness/pooler-actions';
import { startPoolerLoad } from '../harness/pooler-load';

let r: PoolerActionRig;
/** What a sample said about the pooler while the switchover held it paused (read inside the failing stop). */
let whilePaused: { heldPausedSince: number | null } | undefined;
beforeAll(async () => {
  // The agent's stop fails: the switchover fails after the fence, while PgBouncer is paused.
  const stop = async () => {
    whilePaused = (await r.driver.sample()).poolers?.[0];
    return fail('host-command-failed', 'pg_ctl stop: simulated failure');
  };
  r = await poolerActionRig({ wrapHost: (h) => ({ ...h, controls: (id) => h.controls(id), stop }) });
}, 180_000);
afterAll(async () => {
  await r?.stop();
});

describe('a step failing while PgBouncer is paused', () => {
  it('keeps clients paused while the old primary is un-fenced, then resumes them: no client error, no lost write', async () => {
    const load = await startPoolerLoad(r.rig.appConfig(), 'recovery_writes', 8);
    await new Promise((res) => setTimeout(res, 800));
    const plan = await r.driver.plan({ kind: 'switchover', target: `127.0.0.1:${r.rig.cluster.node('standby1').port}` });
    expect(blockers(plan)).toEqual([]);
    const run = await r.driver.run(plan);
    await new Promise((res) => setTimeout(res, 800));
    const res = await load.stop();
    expect(run.outcome, describeRun(run.plan)).toBe('failed');
    const failed = run.plan.steps.find((s) => s.state === 'failed');
    expect(failed?.id.startsWith('host-stop')).toBe(true);
    expect(failed?.detail).toMatch(/simulated failure.*stayed paused.*unfence primary: primary accepts writes|simulated failure.*stayed paused.*unfence primary/);
    expect(failed?.detail).toMatch(/RESUME pooler:[^:]+:\d+: RESUME accepted after \d+ ms paused/);
    expect(res.errors).toEqual([]);
    // A global PAUSE shows in no SHOW command of 1.18: the sample says the run holds it paused, and stops saying so after RESUME.
    expect(whilePaused?.heldPausedSince).toEqual(expect.any(Number));
    expect((await r.driver.sample()).poolers?.[0]?.heldPausedSince).toBeNull();
    const [row] = await r.rig.cluster.query<{ n: string; rec: boolean; ro: string }>('primary', "SELECT count(*)::text AS n, pg_is_in_recovery() AS rec, current_setting('default_transaction_read_only') AS ro FROM recovery_writes");
    expect(row).toEqual({ n: String(res.committed), rec: false, ro: 'off' });
    // Clients work through the pooler afterwards.
    const c = new pg.Client(r.rig.appConfig());
    c.on('error', () => undefined);
    await c.connect();
    await c.query('INSERT INTO recovery_writes (client, n) VALUES (99, 0)');
    await c.end();
  });
});
