import { ConflictService } from '../../electron/core/conflicts/conflict-service';
import { createLogger } from '../../electron/core/logger';
import type { ConflictEvent } from '../../shared/model/conflict';
import { createLogicalPair, type LogicalNode, type LogicalPair } from './pg-logical';
import { postgresDriver, type TestDriver } from './pg-driver';
import { waitUntil } from './pg-query';

/**
 * A logical pair watched as the app does: the real PostgreSQL driver sampled
 * at 1 Hz, feeding a ConflictService whose audit entries are kept in `audit`.
 */
export interface ConflictRig {
  pair: LogicalPair;
  driver: TestDriver;
  service: ConflictService;
  audit: unknown[];
  nodeId(n: LogicalNode): string;
  /** Row `id` of `items` on `n`, as JSON, or null. */
  rowOf(n: LogicalNode, id: number): Promise<unknown>;
  /** Inserts one row on each side and waits until each reached the other (throws if not within 10 s). */
  replicatesBothWays(): Promise<void>;
  /** The open conflict on `n` (its subscriber) for `key`. */
  openOn(n: LogicalNode, key?: string): ConflictEvent | undefined;
  stop(): Promise<void>;
}

export async function createConflictRig(opts: Parameters<typeof createLogicalPair>[0] & { convergenceTimeoutMs?: number } = {}): Promise<ConflictRig> {
  const pair = await createLogicalPair(opts);
  const driver = postgresDriver([pair.a.connectionString, pair.b.connectionString]);
  const connected = await driver.driver.connect(new AbortController().signal);
  if (!connected.ok) {
    await driver.dispose();
    await pair.stop();
    throw new Error(`the driver could not connect: ${connected.reason}`);
  }
  const audit: unknown[] = [];
  const service = new ConflictService({
    driverOf: () => driver.driver,
    monitored: () => true,
    audit: { append: async (e) => audit.push(e) },
    actor: 'test-admin',
    now: () => Date.now(),
    log: createLogger('test/pg-conflicts'),
    onChange: () => undefined,
    convergence: { timeoutMs: opts.convergenceTimeoutMs ?? 2_000 },
  });
  service.attach('test-cluster');
  let sampling = true;
  // The monitor's loop: one sample a second.
  const sampler = (async () => {
    while (sampling) {
      const started = Date.now();
      await driver.sample();
      await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - started))));
    }
  })();
  const nodeId = (n: LogicalNode) => `127.0.0.1:${n.cluster.node('primary').port}`;
  const rowOf = async (n: LogicalNode, id: number) => (await n.query(`SELECT to_jsonb(i) AS r FROM items i WHERE id = $1`, [id]))[0]?.r ?? null;
  return {
    rowOf,
    replicatesBothWays: async () => {
      await pair.a.query(`INSERT INTO items VALUES (100, 'a', 'hello', 1)`);
      await pair.b.query(`INSERT INTO items VALUES (101, 'b', 'hello', 1)`);
      await waitUntil(async () => (await rowOf(pair.b, 100)) !== null && (await rowOf(pair.a, 101)) !== null, 'rows 100 and 101 to replicate', 10_000);
    },
    pair,
    driver,
    service,
    audit,
    nodeId,
    openOn: (n, key = 'id=1') => service.inbox.list({ status: 'open', limit: 100 }).find((c) => c.versions[0]?.nodeId === nodeId(n) && c.target.key === key),
    stop: async () => {
      sampling = false;
      await sampler;
      service.dispose();
      await driver.dispose();
      await pair.stop();
    },
  };
}
