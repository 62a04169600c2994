import { createPglRig } from '../../test/harness/pglogical-rig';
import { seedRows } from '../../test/harness/pglogical-scenario';

export interface PglDetect {
  /** Heal → the conflict in the app's inbox, per run (ms). */
  inboxMs: number[];
  /** Heal → the time pglogical logged it (the engine's own part), per run (ms). */
  engineMs: number[];
}

/**
 * pgl_detect_ms: a real 3-node pglogical mesh watched by the PostgreSQL driver
 * at 1 Hz (the monitor's default). Each run: the mesh is partitioned by
 * holding every subscription's traffic in a TCP relay, n1 then n2 update one
 * new key, the relays are released (the heal), and the time until the
 * update/update conflict is in the inbox is measured (polled every 5 ms).
 */
export async function measurePglDetect(runs: number): Promise<PglDetect> {
  const rig = await createPglRig({ resolution: 'last_update_wins', relay: true });
  const out: PglDetect = { inboxMs: [], engineMs: [] };
  try {
    await seedRows(rig.mesh);
    const n1 = rig.mesh.node('n1');
    const n2 = rig.mesh.node('n2');
    for (let i = 0; i < runs; i += 1) {
      const id = 1_000 + i;
      await n1.query(`INSERT INTO items VALUES ($1, 'bench', 'v0', 0)`, [id]);
      await new Promise((r) => setTimeout(r, 1_000 + ((i * 377) % 1_000)));
      await rig.mesh.partition();
      await n1.query(`UPDATE items SET val = 'n1' WHERE id = $1`, [id]);
      await n2.query(`UPDATE items SET val = 'n2' WHERE id = $1`, [id]).catch(() => undefined);
      const healed = await rig.mesh.heal();
      const deadline = healed + 30_000;
      for (;;) {
        const c = rig.inbox(`id=${id}`)[0];
        if (c) {
          out.inboxMs.push(Date.now() - healed);
          out.engineMs.push(Math.max(0, c.detectedAt - healed));
          break;
        }
        if (Date.now() > deadline) throw new Error(`the conflict on id=${id} did not reach the inbox within 30 s of the heal`);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  } finally {
    await rig.stop();
  }
  return out;
}
