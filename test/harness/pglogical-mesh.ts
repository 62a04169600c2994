import { existsSync } from 'node:fs';
import path from 'node:path';
import { createPgCluster, type PgCluster } from './pg-cluster';
import { pgBinDir } from './pg-binaries';
import { waitUntil } from './pg-query';
import { startPglRelay, type PglRelay } from './pglogical-relay';

/** One pglogical node: its own one-server PG15 cluster, named n1, n2 or n3. */
export interface PglNode {
  name: string;
  cluster: PgCluster;
  port: number;
  /** Superuser TCP connection string (every node has the same superuser password). */
  connectionString: string;
  /** Absolute path of the server's log directory (jsonlog files). */
  logDir: string;
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface PglMesh {
  nodes: readonly PglNode[];
  node(name: string): PglNode;
  /** Subscription names on `n`, one per provider: `sub_<n>_from_<provider>`. */
  subscriptionsOf(n: PglNode): string[];
  /**
   * Each node then writes alone: with `relay`, every subscription's traffic is held in its relay
   * (nothing is closed or disabled); otherwise every subscription is disabled (immediately).
   */
  partition(): Promise<void>;
  /** Releases the relays (or enables every subscription again); resolves with the time of the heal (epoch ms). */
  heal(): Promise<number>;
  /** Waits until every subscription reports `replicating`. */
  waitReplicating(timeoutMs?: number): Promise<void>;
  /** Sets pglogical.conflict_resolution on every node (ALTER SYSTEM + reload). */
  setResolution(value: string): Promise<void>;
  stop(): Promise<void>;
}

export const PGL_RESOLUTIONS = ['error', 'apply_remote', 'keep_local', 'last_update_wins', 'first_update_wins'] as const;

/** What every pglogical node runs with: the extension preloaded, commit times, jsonlog. */
export const PGL_SETTINGS = {
  wal_level: 'logical',
  shared_preload_libraries: 'pglogical',
  track_commit_timestamp: 'on',
  logging_collector: 'on',
  log_destination: 'jsonlog',
  log_directory: 'log',
  max_worker_processes: 16,
  max_replication_slots: 10,
  max_wal_senders: 10,
  wal_retrieve_retry_interval: '200ms',
  'pglogical.conflict_log_level': 'log',
} as const;

export const PGL_ITEMS_DDL = `CREATE TABLE items (
  id int PRIMARY KEY,
  owner text NOT NULL,
  val text,
  qty int CHECK (qty >= 0)
)`;

/** Fails with the install command when the extension is not there. */
export function missingPglogical(): string | null {
  const dir = pgBinDir();
  const lib = dir ? path.join(dir, '..', 'lib', 'pglogical.so') : '/usr/lib/postgresql/15/lib/pglogical.so';
  return existsSync(lib) ? null : `pglogical is not installed (${lib}): apt-get install -y postgresql-15-pglogical`;
}

/**
 * Three PG15 servers with pglogical 2.4, fully meshed: each subscribes to the
 * two others with `forward_origins := '{}'` (only changes made on the provider
 * itself travel, so nothing loops) and `synchronize_data := false`.
 */
export async function createPglMesh(opts: { names?: string[]; resolution?: string; relay?: boolean } = {}): Promise<PglMesh> {
  const missing = missingPglogical();
  if (missing) throw new Error(missing);
  const names = opts.names ?? ['n1', 'n2', 'n3'];
  const made: PglNode[] = [];
  const relays = new Map<string, PglRelay>();
  const stop = async () => {
    await Promise.all([...relays.values()].map((r) => r.close()));
    await Promise.all(made.map((n) => n.cluster.stop()));
  };
  try {
    let password = '';
    for (const name of names) {
      const settings = { ...PGL_SETTINGS, cluster_name: name, 'pglogical.conflict_resolution': opts.resolution ?? 'last_update_wins' };
      const cluster = await createPgCluster({ standbys: 0, settings });
      const info = cluster.node('primary');
      // One superuser password for the mesh: ReplicaDesk logs in to discovered nodes like the first seed.
      password ||= cluster.superuserPassword;
      await cluster.query(info.name, `ALTER ROLE postgres PASSWORD '${password}'`);
      made.push({
        name,
        cluster,
        port: info.port,
        connectionString: `postgresql://postgres:${password}@127.0.0.1:${info.port}/postgres`,
        logDir: path.join(info.dataDir, 'log'),
        query: (sql, params) => cluster.query(info.name, sql, params),
      });
    }
    const dsn = (n: PglNode, port = n.port) => `host=127.0.0.1 port=${port} dbname=postgres user=postgres password=${password}`;
    if (opts.relay) for (const n of made) relays.set(n.name, await startPglRelay(n.port));
    for (const n of made) {
      await n.query(`CREATE EXTENSION pglogical`);
      await n.query(PGL_ITEMS_DDL);
      await n.query(`SELECT pglogical.create_node(node_name := $1, dsn := $2)`, [n.name, dsn(n)]);
      await n.query(`SELECT pglogical.replication_set_add_table('default', 'items'::regclass, false)`);
    }
    for (const sub of made) {
      for (const prov of made) {
        if (sub === prov) continue;
        await sub.query(
          `SELECT pglogical.create_subscription(subscription_name := $1, provider_dsn := $2, replication_sets := ARRAY['default'],
             synchronize_structure := false, synchronize_data := false, forward_origins := '{}')`,
          [`sub_${sub.name}_from_${prov.name}`, dsn(prov, relays.get(prov.name)?.port ?? prov.port)],
        );
      }
    }
    const subscriptionsOf = (n: PglNode) => made.filter((p) => p !== n).map((p) => `sub_${n.name}_from_${p.name}`);
    const waitReplicating = async (timeoutMs = 60_000) => {
      for (const n of made) {
        await waitUntil(
          async () => (await n.query<{ c: string }>(`SELECT count(*) AS c FROM pglogical.show_subscription_status() WHERE status = 'replicating'`))[0]?.c === String(made.length - 1),
          `every subscription on ${n.name} to be replicating`,
          timeoutMs,
        );
      }
    };
    await waitReplicating();
    const each = async (fn: (n: PglNode, sub: string) => Promise<unknown>) => {
      for (const n of made) for (const s of subscriptionsOf(n)) await fn(n, s);
    };
    return {
      nodes: made,
      node: (name) => {
        const n = made.find((m) => m.name === name);
        if (!n) throw new Error(`no node ${name} in the mesh`);
        return n;
      },
      subscriptionsOf,
      partition: async () => {
        if (opts.relay) relays.forEach((r) => r.hold());
        else await each((n, s) => n.query(`SELECT pglogical.alter_subscription_disable($1, true)`, [s]));
      },
      heal: async () => {
        const healed = Date.now();
        if (opts.relay) relays.forEach((r) => r.release());
        else await each((n, s) => n.query(`SELECT pglogical.alter_subscription_enable($1, true)`, [s]));
        return healed;
      },
      waitReplicating,
      setResolution: async (value) => {
        for (const n of made) {
          await n.query(`SELECT set_config('pglogical.conflict_resolution', $1, false)`, [value]);
          // ALTER SYSTEM takes no parameters: the value is checked against the fixed list first.
          if (!(PGL_RESOLUTIONS as readonly string[]).includes(value)) throw new Error(`not a resolution: ${value}`);
          await n.query(`ALTER SYSTEM SET pglogical.conflict_resolution = '${value}'`);
          await n.query(`SELECT pg_reload_conf()`);
        }
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
