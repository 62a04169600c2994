import { ConflictService } from '../../electron/core/conflicts/conflict-service';
import { createLogger } from '../../electron/core/logger';
import { createPgCluster, type PgCluster } from './pg-cluster';
import { ITEMS_DDL, LOGICAL_SETTINGS } from './pg-logical';
import { postgresDriver, type TestDriver } from './pg-driver';

/**
 * COUNT real PG15 logical-replication conflicts open at once: node a publishes `items` in COUNT
 * buckets (row filter `id % COUNT = i`), node b subscribes to each bucket (COUNT subscriptions,
 * `disable_on_error`). b inserts rows 0…COUNT-1, then a inserts the same keys (later): each of b's
 * subscriptions stops on its own unique violation. Watched by the real driver at 1 Hz, feeding a
 * ConflictService (audit kept in `audit`).
 */
export interface BulkRig {
  a: PgCluster;
  b: PgCluster;
  driver: TestDriver;
  service: ConflictService;
  audit: unknown[];
  /** Every row of `items` on a node, as JSON text by id. */
  rows(c: PgCluster): Promise<Map<number, string>>;
  stop(): Promise<void>;
}

const q = (c: PgCluster, sql: string, params?: unknown[]) => c.query(c.nodes[0]!.name, sql, params);

export async function createBulkRig(count: number): Promise<BulkRig> {
  const extra = count + 16;
  const settings = { ...LOGICAL_SETTINGS, max_logical_replication_workers: extra, max_worker_processes: extra + 8, max_wal_senders: extra, max_replication_slots: extra };
  const made: PgCluster[] = [];
  let driver: TestDriver | null = null;
  let sampling = true;
  let sampler: Promise<void> = Promise.resolve();
  const stop = async () => {
    sampling = false;
    await sampler;
    await driver?.dispose();
    await Promise.all(made.map((c) => c.stop()));
  };
  try {
    for (const owner of ['a', 'b']) made.push(await createPgCluster({ standbys: 0, settings: { ...settings, cluster_name: `bulk_${owner}` } }));
    const [a, b] = made as [PgCluster, PgCluster];
    for (const c of made) await q(c, ITEMS_DDL);
    const conninfo = `host=127.0.0.1 port=${a.node('primary').port} user=postgres password=${a.superuserPassword} dbname=postgres`;
    for (let i = 0; i < count; i++) {
      await q(a, `CREATE PUBLICATION bulk_${i} FOR TABLE items WHERE (id % ${count} = ${i})`);
      await q(b, `CREATE SUBSCRIPTION bulk_${i} CONNECTION '${conninfo}' PUBLICATION bulk_${i} WITH (disable_on_error = true, copy_data = false, enabled = false)`);
    }
    await q(b, `INSERT INTO items SELECT g, 'b', 'local ' || g, 1 FROM generate_series(0, $1::int - 1) g`, [count]);
    await q(a, `INSERT INTO items SELECT g, 'a', 'remote ' || g, 2 FROM generate_series(0, $1::int - 1) g`, [count]);
    await q(b, `DO $$ DECLARE s text; BEGIN FOR s IN SELECT subname FROM pg_subscription WHERE subname LIKE 'bulk\\_%' LOOP EXECUTE format('ALTER SUBSCRIPTION %I ENABLE', s); END LOOP; END $$`);
    driver = postgresDriver([a.node('primary').connectionString, b.node('primary').connectionString], { queryTimeoutMs: 10_000 });
    const connected = await driver.driver.connect(new AbortController().signal);
    if (!connected.ok) throw new Error(`the driver could not connect: ${connected.reason}`);
    const audit: unknown[] = [];
    const service = new ConflictService({
      driverOf: () => driver!.driver,
      monitored: () => true,
      audit: { append: async (e) => audit.push(e), appendMany: async (es) => audit.push(...es) },
      actor: 'test-admin',
      now: () => Date.now(),
      log: createLogger('test/pg-bulk'),
      onChange: () => undefined,
      convergence: { timeoutMs: 120_000, intervalMs: 100 },
    });
    service.attach('test-cluster');
    const d = driver;
    sampler = (async () => {
      while (sampling) {
        const started = Date.now();
        await d.sample();
        await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - started))));
      }
    })();
    const rows = async (c: PgCluster) => new Map((await q(c, `SELECT id, to_jsonb(i)::text AS r FROM items i ORDER BY id`)).map((r) => [Number(r.id), String(r.r)]));
    return { a, b, driver, service, audit, rows, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
