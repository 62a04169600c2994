/**
 * Measures what pglogical 2.4 writes to the jsonlog for each conflict kind
 * under each conflict_resolution, on a real 3-node mesh, and saves the raw
 * lines as fixtures (test/fixtures/pglogical/<resolution>.jsonl, one file per
 * resolution, each line as the server wrote it plus the node that wrote it).
 * Run: npx tsx scripts/pglogical-capture.ts [resolution …]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPglMesh, PGL_RESOLUTIONS } from '../test/harness/pglogical-mesh';
import { conflictLines, seedRows, writeConflicts } from '../test/harness/pglogical-scenario';

const out = path.join(process.cwd(), 'test/fixtures/pglogical');
mkdirSync(out, { recursive: true });
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : [...PGL_RESOLUTIONS];

for (const resolution of wanted) {
  const mesh = await createPglMesh({ resolution });
  try {
    await seedRows(mesh);
    await mesh.partition();
    await writeConflicts(mesh.node('n1'), mesh.node('n2'));
    await mesh.heal();
    await new Promise((r) => setTimeout(r, 4_000));
    const lines: string[] = [];
    for (const n of mesh.nodes) {
      for (const e of conflictLines(n)) lines.push(JSON.stringify({ node: n.name, line: e }));
      const rows = await n.query(`SELECT to_jsonb(i) AS r FROM items i ORDER BY id`);
      const subs = await n.query(`SELECT subscription_name, status FROM pglogical.show_subscription_status()`);
      console.log(resolution, n.name, JSON.stringify(rows.map((r) => r.r)), JSON.stringify(subs));
    }
    writeFileSync(path.join(out, `${resolution}.jsonl`), lines.join('\n') + '\n');
    console.log(`${resolution}: ${lines.length} lines`);
  } finally {
    await mesh.stop();
  }
}
