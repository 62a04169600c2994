import { chownSync, readFileSync, writeFileSync } from 'node:fs';
import { pgOsUserIds } from './pg-binaries';
import path from 'node:path';

export interface NodeConfig {
  name: string;
  port: number;
  socketDir: string;
  /** Port of the upstream a standby streams from; null for the primary. */
  upstreamPort: number | null;
  extra?: Record<string, string | number>;
}

function quote(v: string | number): string {
  return typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;
}

/** Settings every test node gets (fsync is off: test clusters only). */
export function autoConf(cfg: NodeConfig): string {
  const settings: Record<string, string | number> = {
    port: cfg.port,
    listen_addresses: '127.0.0.1',
    unix_socket_directories: cfg.socketDir,
    cluster_name: cfg.name,
    wal_level: 'replica',
    hot_standby: 'on',
    wal_log_hints: 'on',
    max_wal_senders: 10,
    max_replication_slots: 10,
    max_connections: 40,
    fsync: 'off',
    shared_buffers: '16MB',
    // A restarted upstream is found again within half a second, not five.
    wal_retrieve_retry_interval: '500ms',
    logging_collector: 'off',
    // Parallel base backups each force a checkpoint: keep their WAL around.
    wal_keep_size: '128MB',
    ...cfg.extra,
  };
  if (cfg.upstreamPort !== null) {
    settings.primary_conninfo = `host=127.0.0.1 port=${cfg.upstreamPort} user=postgres application_name=${cfg.name}`;
  }
  const lines = Object.entries(settings).map(([k, v]) => `${k} = ${quote(v)}`);
  return `# Written by the ReplicaDesk test harness.\n${lines.join('\n')}\n`;
}

/**
 * Local (socket) connections are trusted, for the harness itself; replication over
 * 127.0.0.1 is trusted so standbys need no password; every other TCP login needs
 * a password (scram), so a wrong password really fails.
 */
export function hbaConf(passwordAuth: boolean): string {
  const method = passwordAuth ? 'scram-sha-256' : 'trust';
  return [
    'local all all trust',
    'local replication all trust',
    'host replication all 127.0.0.1/32 trust',
    `host all all 127.0.0.1/32 ${method}`,
    '',
  ].join('\n');
}

export function writeNodeConfig(dataDir: string, cfg: NodeConfig, passwordAuth: boolean): void {
  writeOwned(path.join(dataDir, 'postgresql.auto.conf'), autoConf(cfg));
  writeOwned(path.join(dataDir, 'pg_hba.conf'), hbaConf(passwordAuth));
}

/** Writes a file in a data dir, owned by the server's OS user. */
export function writeOwned(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  const ids = pgOsUserIds();
  if (ids) chownSync(file, ids.uid, ids.gid);
}

/** The server's log (pg_ctl -l), for failure messages. */
export function tailLog(logFile: string, lines = 20): string {
  try {
    return readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
