import { createPgCluster, type PgCluster } from './pg-cluster';
import { waitUntil } from './pg-query';

/** One of the two primaries: its own one-node cluster, named by its owner value ('a' or 'b'). */
export interface LogicalNode {
  owner: 'a' | 'b';
  cluster: PgCluster;
  /** Superuser TCP connection string. */
  connectionString: string;
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface LogicalPair {
  a: LogicalNode;
  b: LogicalNode;
  /**
   * A partition: both subscriptions disabled while `during` writes on each side, then both enabled
   * again. Resolves with the time the partition healed (for time-to-inbox measurements).
   */
  partition(during: (a: LogicalNode, b: LogicalNode) => Promise<void>): Promise<number>;
  /** Waits until both subscriptions run a worker (pg_stat_subscription has a pid). */
  waitForWorkers(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** What every node logs and keeps: jsonlog through the collector, commit times for the local versions. */
export const LOGICAL_SETTINGS = {
  wal_level: 'logical',
  logging_collector: 'on',
  log_destination: 'jsonlog',
  log_directory: 'log',
  track_commit_timestamp: 'on',
  max_logical_replication_workers: 4,
  wal_retrieve_retry_interval: '200ms',
} as const;

export const ITEMS_DDL = `CREATE TABLE items (
  id int PRIMARY KEY,
  owner text NOT NULL,
  val text,
  qty int CHECK (qty >= 0)
);
ALTER TABLE items REPLICA IDENTITY FULL;`;

/**
 * Two independent PG15 primaries replicating `items` both ways. PG15 has no
 * `origin = none`, so each side publishes only its own rows (a row filter on
 * `owner`, which needs REPLICA IDENTITY FULL) and the loop is broken.
 * Subscriptions are `disable_on_error` (unless `disableOnError: false`, the
 * PostgreSQL default: a failed worker is restarted every `retryInterval`),
 * `copy_data = false`.
 */
export async function createLogicalPair(opts: { disableOnError?: boolean; retryInterval?: string } = {}): Promise<LogicalPair> {
  const disableOnError = opts.disableOnError ?? true;
  const retry = opts.retryInterval ?? LOGICAL_SETTINGS.wal_retrieve_retry_interval;
  const made: PgCluster[] = [];
  const stop = async () => {
    await Promise.all(made.map((c) => c.stop()));
  };
  try {
    for (const owner of ['a', 'b'] as const) {
      made.push(await createPgCluster({ standbys: 0, settings: { ...LOGICAL_SETTINGS, wal_retrieve_retry_interval: retry, cluster_name: `node_${owner}` } }));
    }
    const [ca, cb] = made as [PgCluster, PgCluster];
    const node = (owner: 'a' | 'b', cluster: PgCluster): LogicalNode => ({
      owner,
      cluster,
      connectionString: cluster.node('primary').connectionString,
      query: (sql, params) => cluster.query(cluster.nodes[0]!.name, sql, params),
    });
    const a = node('a', ca);
    const b = node('b', cb);
    for (const n of [a, b]) {
      await n.query(ITEMS_DDL);
      await n.query(`CREATE PUBLICATION pub_${n.owner} FOR TABLE items WHERE (owner = '${n.owner}')`);
    }
    for (const [sub, pub] of [
      [a, b],
      [b, a],
    ] as const) {
      const conninfo = `host=127.0.0.1 port=${pub.cluster.node('primary').port} user=postgres password=${pub.cluster.superuserPassword} dbname=postgres`;
      await sub.query(
        `CREATE SUBSCRIPTION sub_${sub.owner}_from_${pub.owner} CONNECTION '${conninfo}' PUBLICATION pub_${pub.owner} WITH (disable_on_error = ${disableOnError}, copy_data = false)`,
      );
    }
    const waitForWorkers = async (timeoutMs = 30_000) => {
      for (const n of [a, b]) {
        await waitUntil(async () => (await n.query(`SELECT 1 FROM pg_stat_subscription WHERE pid IS NOT NULL AND relid IS NULL`)).length > 0, `the subscription worker on ${n.owner}`, timeoutMs);
      }
    };
    await waitForWorkers();
    const partition = async (during: (a: LogicalNode, b: LogicalNode) => Promise<void>) => {
      await a.query(`ALTER SUBSCRIPTION sub_a_from_b DISABLE`);
      await b.query(`ALTER SUBSCRIPTION sub_b_from_a DISABLE`);
      await during(a, b);
      const healed = Date.now();
      await a.query(`ALTER SUBSCRIPTION sub_a_from_b ENABLE`);
      await b.query(`ALTER SUBSCRIPTION sub_b_from_a ENABLE`);
      return healed;
    };
    return { a, b, partition, waitForWorkers, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
