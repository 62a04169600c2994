import type { ConflictEvent } from '../../shared/model/conflict';
import { waitUntil } from './pg-query';
import type { PglRig } from './pglogical-rig';

/** Keys FIRST_ID .. FIRST_ID + count - 1 of items hold the bulk conflicts. */
export const FIRST_ID = 100_000;

/**
 * `count` update/update conflicts in bulk on a pglogical rig: the rows are inserted on n1 and reach every
 * node, the mesh is partitioned, n1 then n2 (20 ms later) update every key in one statement each
 * (n1 writes `n1-<id>`, or `poison` for `poisonId`), the mesh is healed, and the inbox is awaited until
 * every key has its update/update decision (last_update_wins keeps n2's) and every node holds n2's rows.
 */
export async function makeBulkConflicts(rig: PglRig, count: number, poisonId: number | null = null): Promise<ConflictEvent[]> {
  const [n1, n2] = [rig.mesh.node('n1'), rig.mesh.node('n2')];
  const last = FIRST_ID + count - 1;
  await n1.query(`INSERT INTO items SELECT g, 'bulk', 'v0', 1 FROM generate_series($1::int, $2::int) g`, [FIRST_ID, last]);
  for (const n of rig.mesh.nodes) {
    await waitUntil(async () => Number((await n.query(`SELECT count(*) AS c FROM items WHERE id BETWEEN $1 AND $2`, [FIRST_ID, last]))[0]!.c) === count, `the ${count} rows on ${n.name}`, 60_000);
  }
  await rig.mesh.partition();
  await n1.query(`UPDATE items SET val = CASE WHEN id = $3 THEN 'poison' ELSE 'n1-' || id END, qty = qty + 1 WHERE id BETWEEN $1 AND $2`, [FIRST_ID, last, poisonId ?? -1]);
  await new Promise((r) => setTimeout(r, 20));
  await n2.query(`UPDATE items SET val = 'n2-' || id, qty = qty + 2 WHERE id BETWEEN $1 AND $2`, [FIRST_ID, last]);
  await rig.mesh.heal();
  const decisions = () => bulkDecisions(rig, count);
  await waitUntil(async () => decisions().length === count, `${count} update/update decisions in the inbox`, 240_000);
  for (const n of rig.mesh.nodes) {
    await waitUntil(
      async () => Number((await n.query(`SELECT count(*) AS c FROM items WHERE id BETWEEN $1 AND $2 AND val = 'n2-' || id`, [FIRST_ID, last]))[0]!.c) === count,
      `n2's rows kept on ${n.name}`,
      60_000,
    );
  }
  return decisions();
}

/** The engine's update/update decisions on the bulk keys, still to review. */
export function bulkDecisions(rig: PglRig, count: number): ConflictEvent[] {
  return rig.service.inbox.list({ status: 'all', limit: 100_000 }).filter((c) => {
    const id = Number(/^id=(\d+)$/.exec(c.target.key)?.[1]);
    return c.id.startsWith('pgl:') && c.kind === 'update-update' && id >= FIRST_ID && id < FIRST_ID + count && c.engineDecision?.review === 'pending';
  });
}

/** The bulk key range on one node, by SQL, as one JSON text (ordered by id). */
export async function bulkRows(rig: PglRig, name: string, count: number): Promise<string> {
  const r = await rig.mesh.node(name).query(`SELECT coalesce(jsonb_agg(to_jsonb(i) ORDER BY id), '[]')::text AS rows FROM items i WHERE id BETWEEN $1 AND $2`, [FIRST_ID, FIRST_ID + count - 1]);
  return String(r[0]!.rows);
}
