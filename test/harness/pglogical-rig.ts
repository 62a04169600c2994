import { ConflictService } from '../../electron/core/conflicts/conflict-service';
import { createLogger } from '../../electron/core/logger';
import type { ConflictEvent } from '../../shared/model/conflict';
import type { ClusterSample } from '../../shared/model/sample';
import { postgresDriver, type TestDriver } from './pg-driver';
import { createPglMesh, type PglMesh, type PglNode } from './pglogical-mesh';

/** A pglogical mesh watched as the app does: the PostgreSQL driver seeded with n1 only, sampled at 1 Hz, feeding a ConflictService. */
export interface PglRig {
  mesh: PglMesh;
  driver: TestDriver;
  service: ConflictService;
  audit: { action: string; outcome: string; params: Record<string, unknown> }[];
  lastSample(): ClusterSample | null;
  nodeId(n: PglNode): string;
  rowOf(n: PglNode, id: number): Promise<unknown>;
  /** Engine-resolved or open pglogical conflicts for `key` of items. */
  inbox(key: string): ConflictEvent[];
  stop(): Promise<void>;
}

export async function createPglRig(opts: { resolution?: string; relay?: boolean; seedUrl?: (mesh: PglMesh) => string } = {}): Promise<PglRig> {
  const mesh = await createPglMesh({ resolution: opts.resolution, relay: opts.relay });
  const seed = opts.seedUrl ? opts.seedUrl(mesh) : mesh.node('n1').connectionString;
  const driver = postgresDriver([seed]);
  const connected = await driver.driver.connect(new AbortController().signal);
  if (!connected.ok) {
    await driver.dispose();
    await mesh.stop();
    throw new Error(`the driver could not connect: ${connected.reason}`);
  }
  const audit: PglRig['audit'] = [];
  const service = new ConflictService({
    driverOf: () => driver.driver,
    monitored: () => true,
    audit: { append: async (e) => void audit.push(e as never) },
    actor: 'test-admin',
    now: () => Date.now(),
    log: createLogger('test/pglogical'),
    onChange: () => undefined,
    convergence: { timeoutMs: 5_000 },
  });
  service.attach('test-cluster');
  let sampling = true;
  let last: ClusterSample | null = null;
  const sampler = (async () => {
    while (sampling) {
      const started = Date.now();
      last = await driver.sample();
      await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - started))));
    }
  })();
  return {
    mesh,
    driver,
    service,
    audit,
    lastSample: () => last,
    nodeId: (n) => `127.0.0.1:${n.port}`,
    rowOf: async (n, id) => (await n.query(`SELECT to_jsonb(i) AS r FROM items i WHERE id = $1`, [id]))[0]?.r ?? null,
    inbox: (key) => service.inbox.list({ status: 'all', limit: 1000 }).filter((c) => c.id.startsWith('pgl:') && c.target.key === key),
    stop: async () => {
      sampling = false;
      await sampler;
      service.dispose();
      await driver.dispose();
      await mesh.stop();
    },
  };
}
