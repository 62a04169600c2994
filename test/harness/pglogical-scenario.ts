import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PglMesh, PglNode } from './pglogical-mesh';
import { waitUntil } from './pg-query';

/** The four conflict kinds, each on its own key of `items`. */
export const KEYS = { updateUpdate: 1, insertInsert: 2, updateDelete: 3, deleteDelete: 4 } as const;

/** Rows 1, 3 and 4 exist on every node before the partition. */
export async function seedRows(mesh: PglMesh): Promise<void> {
  const [n1] = mesh.nodes;
  await n1!.query(`INSERT INTO items VALUES (1, 'seed', 'v0', 1), (3, 'seed', 'v0', 3), (4, 'seed', 'v0', 4)`);
  for (const n of mesh.nodes) {
    await waitUntil(async () => (await n.query(`SELECT 1 FROM items WHERE id IN (1, 3, 4)`)).length === 3, `the seed rows on ${n.name}`, 20_000);
  }
}

/**
 * During a partition: `first` writes, then `second` writes the same keys a few
 * ms later (so the two commit timestamps differ and last/first_update_wins
 * have a clear answer). update/update, insert/insert, update/delete
 * (first updates, second deletes) and delete/delete.
 */
export async function writeConflicts(first: PglNode, second: PglNode): Promise<void> {
  for (const [n, tag] of [
    [first, first.name],
    [second, second.name],
  ] as const) {
    await n.query(`UPDATE items SET val = $1, qty = qty + 10 WHERE id = 1`, [`uu-${tag}`]);
    await n.query(`INSERT INTO items VALUES (2, $1, $2, 2)`, [tag, `ii-${tag}`]);
    if (n === first) await n.query(`UPDATE items SET val = $1 WHERE id = 3`, [`ud-${tag}`]);
    else await n.query(`DELETE FROM items WHERE id = 3`);
    await n.query(`DELETE FROM items WHERE id = 4`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every jsonlog line of `n` so far (read from the files directly: the harness runs beside the server). */
export function jsonlogLines(n: PglNode): Record<string, unknown>[] {
  let files: string[] = [];
  try {
    files = readdirSync(n.logDir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const out: Record<string, unknown>[] = [];
  for (const f of files) {
    for (const line of readFileSync(path.join(n.logDir, f), 'utf8').split('\n')) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A line being written.
      }
    }
  }
  return out;
}

/** The lines pglogical wrote about conflicts and apply errors. */
export function conflictLines(n: PglNode): Record<string, unknown>[] {
  return jsonlogLines(n).filter((e) => {
    const m = String(e.message ?? '');
    return m.startsWith('CONFLICT') || (e.error_severity === 'ERROR' && String(e.backend_type ?? '').includes('pglogical'));
  });
}
