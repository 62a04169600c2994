/** Short timers so tests are quick: Patroni requires loop_wait + 2 * retry_timeout <= ttl. */
export const PATRONI_TIMERS = { ttl: 10, loop_wait: 1, retry_timeout: 4 } as const;

export interface PatroniMemberConfig {
  scope: string;
  name: string;
  pgPort: number;
  restPort: number;
  etcdHosts: string[];
  dataDir: string;
  socketDir: string;
  binDir: string;
  pgpass: string;
  superuserPassword: string;
  replicationPassword: string;
}

/** One member's Patroni configuration (JSON is valid YAML). Everything on 127.0.0.1. */
export function patroniConfig(c: PatroniMemberConfig): string {
  const config = {
    scope: c.scope,
    name: c.name,
    log: { level: 'WARNING' },
    restapi: { listen: `127.0.0.1:${c.restPort}`, connect_address: `127.0.0.1:${c.restPort}` },
    etcd3: { hosts: c.etcdHosts },
    bootstrap: {
      dcs: {
        ...PATRONI_TIMERS,
        maximum_lag_on_failover: 1024 * 1024,
        postgresql: {
          use_pg_rewind: true,
          // As the plain PG harness (pg-node-config.ts), so the switchover figures compare.
          parameters: {
            wal_log_hints: 'on',
            wal_keep_size: '128MB',
            max_wal_senders: 10,
            max_replication_slots: 10,
            max_connections: 40,
            shared_buffers: '16MB',
            fsync: 'off',
            wal_retrieve_retry_interval: '500ms',
          },
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C' }],
    },
    postgresql: {
      listen: `127.0.0.1:${c.pgPort}`,
      connect_address: `127.0.0.1:${c.pgPort}`,
      data_dir: c.dataDir,
      bin_dir: c.binDir,
      pgpass: c.pgpass,
      authentication: {
        superuser: { username: 'postgres', password: c.superuserPassword },
        replication: { username: 'replicator', password: c.replicationPassword },
        rewind: { username: 'postgres', password: c.superuserPassword },
      },
      parameters: { unix_socket_directories: c.socketDir },
      pg_hba: [
        'local all all trust',
        'host all all 127.0.0.1/32 scram-sha-256',
        'host replication replicator 127.0.0.1/32 scram-sha-256',
      ],
    },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
