import { fail, ok, type Result } from '../../../../shared/result';
import { conninfoValue } from '../../../../shared/postgres/quote';
import { bound, describeStatement, formatted, type PgStatement } from '../../../../shared/postgres/statement';
import { parseKeyValue } from '../conninfo-kv';
import type { Endpoint } from './host-control';

export const SQL = {
  fence: [
    'ALTER SYSTEM SET default_transaction_read_only = on',
    'SELECT pg_reload_conf()',
    "SELECT count(pg_terminate_backend(pid)) AS n, clock_timestamp()::text AS at FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name NOT IN ('replicadesk', 'replicadesk-agent')",
  ],
  unfence: ['ALTER SYSTEM RESET default_transaction_read_only', 'SELECT pg_reload_conf()'],
  // No reload before pg_promote: a SIGHUP while the startup process waits for WAL delays promotion by wal_retrieve_retry_interval.
  promote: 'SELECT pg_promote(true, 60) AS promoted',
  checkpoint: 'CHECKPOINT',
  state: `SELECT pg_is_in_recovery() AS rec, current_setting('default_transaction_read_only') = 'on' AS ro,
    CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END AS lsn,
    CASE WHEN pg_is_in_recovery() THEN NULL ELSE substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END AS tli,
    pg_last_wal_receive_lsn()::text AS receive_lsn, pg_last_wal_replay_lsn()::text AS replay_lsn`,
  receiver: 'SELECT status, sender_host, sender_port, received_tli FROM pg_stat_wal_receiver',
  /** For the manual runbook: data_directory only where this login may read it (superuser or pg_read_all_settings). */
  hostFacts: `SELECT CASE WHEN pg_has_role('pg_read_all_settings', 'USAGE') THEN current_setting('data_directory') END AS data_directory,
    current_setting('port')::int AS port, current_setting('cluster_name') AS cluster_name`,
  /** After a fence: the setting as a new transaction sees it, and client sessions still connected from before it. */
  fenced: `SELECT current_setting('default_transaction_read_only') AS ro,
    (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
      AND application_name NOT IN ('replicadesk', 'replicadesk-agent') AND backend_start <= $1::timestamptz) AS left_over,
    (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend' AND backend_start IS NULL) AS unseen`,
  checkpointSeen: `SELECT CASE WHEN has_function_privilege('pg_control_checkpoint()', 'EXECUTE')
    THEN (SELECT timeline_id || ' at ' || checkpoint_time FROM pg_control_checkpoint()) END AS seen`,
  conninfo: "SELECT current_setting('primary_conninfo') AS conninfo, current_setting('primary_slot_name') AS slot",
  settings: `SELECT current_setting('wal_log_hints') = 'on' AS hints, current_setting('data_checksums') = 'on' AS checksums,
    current_setting('max_wal_senders')::int AS max_senders, (SELECT count(*)::int FROM pg_stat_replication) AS senders,
    current_setting('max_replication_slots')::int AS max_slots, (SELECT count(*)::int FROM pg_replication_slots) AS slots,
    current_setting('primary_slot_name') AS slot_name,
    -- A standby whose receiver is gone still knows its timeline: the newest history file it has, or its last restartpoint.
    GREATEST(
      CASE WHEN has_function_privilege('pg_ls_waldir()', 'EXECUTE') THEN
        (SELECT max(('x' || substr(name, 1, 8))::bit(32)::int) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{8}[.]history$') END,
      CASE WHEN has_function_privilege('pg_control_checkpoint()', 'EXECUTE') THEN
        (SELECT timeline_id FROM pg_control_checkpoint()) END) AS tli`,
  /** ALTER SYSTEM takes no parameters: the conninfo is quoted by the server (format %L), then the returned text runs. */
  repoint: (conninfo: string): { set: PgStatement; then: string[] } => ({
    set: formatted('ALTER SYSTEM SET primary_conninfo = %L', conninfo),
    then: ["ALTER SYSTEM SET recovery_target_timeline = 'latest'", 'SELECT pg_reload_conf()'],
  }),
  createSlot: (slot: string): PgStatement =>
    bound('SELECT pg_create_physical_replication_slot($1) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)', slot),
} as const;

/** A standby's primary_conninfo with host and port replaced (user, password, application_name, sslmode kept). */
export function repointConninfo(current: string, to: Endpoint): Result<string> {
  const parsed = current.trim() ? parseKeyValue(current) : ok(new Map<string, string>());
  if (!parsed.ok) return fail('bad-conninfo', `its primary_conninfo cannot be parsed: ${parsed.reason}`);
  const kv = parsed.value;
  kv.delete('hostaddr');
  kv.set('host', to.host);
  kv.set('port', String(to.port));
  // ALTER SYSTEM refuses a newline in any value: say which one before anything is sent.
  const broken = [...kv].find(([, v]) => /[\r\n]/.test(v));
  if (broken) return fail('bad-conninfo', `${broken[0]} holds a line break, which ALTER SYSTEM cannot write into primary_conninfo`);
  return ok([...kv].map(([k, v]) => `${k}=${conninfoValue(v)}`).join(' '));
}

/** The SQL a plan shows for a re-point, with the new host and port (the rest of the conninfo is kept). */
export function repointPreview(to: Endpoint): string {
  const r = SQL.repoint(`host=${conninfoValue(to.host)} port=${conninfoValue(String(to.port))} <user, application_name, sslmode … kept>`);
  return [describeStatement(r.set), ...r.then].join('; ');
}
