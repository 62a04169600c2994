import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPglRig, type PglRig } from '../harness/pglogical-rig';
import { seedRows } from '../harness/pglogical-scenario';
import { waitUntil } from '../harness/pg-query';
import type { PglNode } from '../harness/pglogical-mesh';

/** One update/update on key `id`: `first` writes, then `second` a few ms later, across a partition. */
async function updateUpdate(rig: PglRig, id: number, first: PglNode, second: PglNode): Promise<void> {
  await rig.mesh.partition();
  for (const n of [first, second]) {
    await n.query(`UPDATE items SET val = $1 WHERE id = $2`, [`${n.name}-${id}`, id]);
    await new Promise((r) => setTimeout(r, 30));
  }
  await rig.mesh.heal();
}

describe('pglogical: the engine policy, previewed, switched on every node, observed', () => {
  let rig: PglRig;
  const pgl = () => rig.driver.driver.pglogical;

  beforeAll(async () => {
    rig = await createPglRig({ resolution: 'last_update_wins' });
    await seedRows(rig.mesh);
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('under last_update_wins the later write wins; first_update_wins is previewed as flipping it', async () => {
    await updateUpdate(rig, 1, rig.mesh.node('n1'), rig.mesh.node('n2'));
    await waitUntil(async () => rig.inbox('id=1').length > 0 && pgl().conflicts.recent().length >= 3, 'the first conflict seen on all three nodes', 20_000);
    expect(rig.inbox('id=1')[0]!.versions[rig.inbox('id=1')[0]!.engineDecision!.kept!]!.origin).toBe('n2');
    const preview = pgl().previewPolicy('first_update_wins');
    // One conflict, logged on three nodes, counts once (trial 14 finding 11).
    expect(preview.ok && preview.value.outcome.summary).toMatch(/^with first_update_wins, 1 of the 1 update\/update or insert\/insert conflict read so far would have gone the other way\. Applying it restarts/);
    expect(preview.ok && preview.value.statements[0]).toContain('ALTER SYSTEM SET pglogical.conflict_resolution = %L');
    expect(pgl().previewPolicy("last_update_wins'; DROP TABLE items; --").ok).toBe(false);
  });

  it('switching to first_update_wins sets and reads back every node, and flips the next conflict', async () => {
    const steps = await pgl().setPolicy('first_update_wins', new AbortController().signal);
    expect(steps.ok && steps.value.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    for (const n of rig.mesh.nodes) expect((await n.query(`SHOW pglogical.conflict_resolution`))[0]).toEqual({ 'pglogical.conflict_resolution': 'first_update_wins' });
    await updateUpdate(rig, 3, rig.mesh.node('n1'), rig.mesh.node('n2'));
    await waitUntil(async () => rig.inbox('id=3').length > 0, 'the second conflict in the inbox', 20_000);
    await waitUntil(async () => (await Promise.all(rig.mesh.nodes.map((n) => rig.rowOf(n, 3)))).every((r) => (r as { val: string }).val === 'n1-3'), 'every node to keep n1’s earlier write', 20_000);
    const c = rig.inbox('id=3')[0]!;
    expect(c.versions[c.engineDecision!.kept!]!.origin).toBe('n1');
    expect(c.engineDecision!.rule).toMatch(/^first_update_wins: remote committed/);
  });

  it('a least-privilege login is told the exact grant, then sees the conflicts once granted', async () => {
    for (const n of rig.mesh.nodes) {
      await n.query(`CREATE ROLE mon LOGIN PASSWORD 'mon-pw' IN ROLE pg_monitor`);
      await n.query(`GRANT USAGE ON SCHEMA pglogical TO mon`);
      await n.query(`GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO mon`);
      await n.query(`GRANT SELECT ON items TO mon`);
    }
    const low = await createPglRigOnExisting(rig, 'mon', 'mon-pw');
    try {
      await waitUntil(async () => (low.warnings() ?? []).some((w) => w.includes('GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO mon;')), 'the missing grant named', 20_000);
      for (const n of rig.mesh.nodes) {
        await n.query(`GRANT EXECUTE ON FUNCTION pg_current_logfile(text) TO mon`);
        await n.query(`GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO mon`);
      }
      await waitUntil(async () => low.count() >= 2, 'both conflicts seen by mon', 30_000);
      expect(low.warnings()?.filter((w) => w.includes('GRANT'))).toEqual([]);
    } finally {
      await low.stop();
    }
  });
});

/** A second driver on the same mesh logging in as `user`. */
async function createPglRigOnExisting(rig: PglRig, user: string, password: string) {
  const { postgresDriver } = await import('../harness/pg-driver');
  const d = postgresDriver([`postgresql://${user}:${password}@127.0.0.1:${rig.mesh.node('n1').port}/postgres`]);
  const c = await d.driver.connect(new AbortController().signal);
  if (!c.ok) throw new Error(c.reason);
  const seen = new Set<string>();
  const off = d.driver.onConflict((e) => seen.add(e.id));
  let last: string[] | null = null;
  let on = true;
  const loop = (async () => {
    while (on) {
      last = (await d.sample()).warnings;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  })();
  return {
    warnings: () => last,
    count: () => seen.size,
    stop: async () => {
      on = false;
      await loop;
      off();
      await d.dispose();
    },
  };
}
