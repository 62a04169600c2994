import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../harness/pg-query';
import { postgresDriver } from '../harness/pg-driver';
import { createPglRig, type PglRig } from '../harness/pglogical-rig';
import { conflictLines } from '../harness/pglogical-scenario';

/**
 * Trial 14 finding 3: pglogical 2.4's running apply workers keep the conflict_resolution they started
 * with; ALTER SYSTEM + pg_reload_conf() alone changed only what SHOW reads. Setting the policy must restart
 * them and see it. The conflicts here are made without any disable/enable (which would restart the
 * workers by itself): a row written on n2 reaches n1, n1 updates it; n2's apply worker meets its own
 * (older) row: update/update, which last_update_wins gives to n1 and first_update_wins keeps on n2.
 */
let rig: PglRig;
const pgl = () => rig.driver.driver.pglogical;

async function probe(id: number): Promise<{ onN2: string; line: string }> {
  const [n1, n2] = [rig.mesh.node('n1'), rig.mesh.node('n2')];
  const before = conflictLines(n2).length;
  await n2.query(`INSERT INTO items VALUES ($1, 'n2', 'from-n2', 1)`, [id]);
  await waitUntil(async () => (await n1.query(`SELECT 1 FROM items WHERE id = $1`, [id])).length === 1, `row ${id} on n1`, 20_000);
  await n1.query(`UPDATE items SET val = 'from-n1' WHERE id = $1`, [id]);
  await waitUntil(async () => conflictLines(n2).length > before, `n2 to log the update/update on ${id}`, 20_000);
  const onN2 = String((await n2.query<{ val: string }>(`SELECT val FROM items WHERE id = $1`, [id]))[0]?.val);
  return { onN2, line: String(conflictLines(n2).at(-1)?.message) };
}

beforeAll(async () => {
  rig = await createPglRig({ resolution: 'last_update_wins' });
}, 180_000);

afterAll(async () => {
  await rig?.stop();
}, 60_000);

describe('pglogical: a policy change reaches the running apply workers', () => {
  it('under last_update_wins n1’s later update wins on n2', async () => {
    expect(await probe(1)).toEqual({ onN2: 'from-n1', line: expect.stringMatching(/Resolution: apply_remote\.$/) as unknown as string });
  }, 60_000);

  it('the preview lists the worker restarts and says replication pauses', async () => {
    await waitUntil(async () => pgl().conflicts.status().filter((s) => s.catalog?.subscriptions.size === 2).length === 3, 'the three catalogs read', 30_000);
    const p = pgl().previewPolicy('first_update_wins');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.outcome.summary).toContain('replication pauses for about a second per subscription');
    expect(p.value.statements.filter((s) => s.startsWith('SELECT pglogical.alter_subscription_disable(s.sub_name, immediate := true)'))).toHaveLength(6);
    expect(p.value.statements.filter((s) => s.startsWith('SELECT pglogical.alter_subscription_enable(s.sub_name, immediate := true)'))).toHaveLength(6);
  }, 60_000);

  it('first_update_wins set by ReplicaDesk keeps n2’s earlier row (keep_local), per pglogical’s own log', async () => {
    const t0 = Date.now();
    const steps = await pgl().setPolicy('first_update_wins', new AbortController().signal);
    const ms = Date.now() - t0;
    expect(steps.ok).toBe(true);
    if (!steps.ok) return;
    for (const s of steps.value) console.log(`pgl policy step ${s.nodeId}: ${s.status}: ${s.detail}`);
    console.log(`pgl policy: set on ${steps.value.length} nodes in ${ms} ms`);
    expect(steps.value.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    for (const s of steps.value) expect(s.detail).toMatch(/reads first_update_wins after the reload; apply workers restarted: .*new worker \d+ started .*; replicating again after \d+\.\d s$/);
    for (const n of rig.mesh.nodes) {
      const enabled = await n.query<{ c: string }>(`SELECT count(*) AS c FROM pglogical.subscription WHERE sub_enabled`);
      expect(enabled[0]?.c).toBe('2');
    }
    const r = await probe(2);
    expect(r).toEqual({ onN2: 'from-n2', line: expect.stringMatching(/Resolution: keep_local\.$/) as unknown as string });
    await waitUntil(async () => rig.inbox('id=2').length > 0, 'the decision in the inbox', 20_000);
    const c = rig.inbox('id=2')[0]!;
    expect(c.engineDecision?.rule).toMatch(/^first_update_wins: remote committed .* > local/);
    expect(c.engineDecision?.perNode.find((p) => p.nodeId === rig.nodeId(rig.mesh.node('n2')))?.outcome).toBe('keep_local');
  }, 120_000);

  it('a monitor-only login is refused clearly and changes nothing', async () => {
    for (const n of rig.mesh.nodes) {
      await n.query(`CREATE ROLE mon LOGIN PASSWORD 'mon-pw' IN ROLE pg_monitor`);
      await n.query(`GRANT USAGE ON SCHEMA pglogical TO mon`);
      await n.query(`GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO mon`);
    }
    const d = postgresDriver([`postgresql://mon:mon-pw@127.0.0.1:${rig.mesh.node('n1').port}/postgres`]);
    try {
      const c = await d.driver.connect(new AbortController().signal);
      expect(c.ok, c.ok ? '' : c.reason).toBe(true);
      await waitUntil(async () => (await d.sample(), d.driver.pglogical.conflicts.status().length === 3), 'mon to see the three pglogical nodes', 30_000);
      const steps = await d.driver.pglogical.setPolicy('last_update_wins', new AbortController().signal);
      expect(steps.ok && steps.value.map((s) => s.status)).toEqual(['failed', 'failed', 'failed']);
      for (const s of steps.ok ? steps.value : []) {
        expect(s.detail).toMatch(/^ALTER SYSTEM refused: .*permission denied.*needs a superuser.*nothing was changed$/);
      }
      for (const n of rig.mesh.nodes) expect((await n.query(`SHOW pglogical.conflict_resolution`))[0]).toEqual({ 'pglogical.conflict_resolution': 'first_update_wins' });
    } finally {
      await d.dispose();
    }
  }, 90_000);
});
