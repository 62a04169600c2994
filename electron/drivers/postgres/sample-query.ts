/**
 * The one statement a sample runs on each node: everything we need as a single
 * JSON document, so a sample is one round-trip per node. Functions that only
 * work on a primary (or a standby) sit behind CASE so either kind answers;
 * functions a monitoring role may lack are guarded by has_function_privilege
 * so a least-privilege login gets nulls and a note instead of an error.
 * Times are epoch milliseconds, intervals milliseconds, LSNs text.
 */
export const SAMPLE_SQL = `
WITH s AS (
  SELECT pg_is_in_recovery() AS rec,
         has_function_privilege('pg_control_system()', 'EXECUTE') AS can_control
)
SELECT json_build_object(
  'inRecovery', s.rec,
  'version', current_setting('server_version'),
  'versionNum', current_setting('server_version_num')::int,
  'clusterName', current_setting('cluster_name'),
  'user', current_user,
  'isSuperuser', (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
  'canReadStats', pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'),
  'canReadFiles', has_function_privilege('pg_read_file(text, bigint, bigint)', 'EXECUTE')
                  AND has_function_privilege('pg_current_logfile(text)', 'EXECUTE'),
  'subscriptionCount', (SELECT count(oid) FROM pg_subscription),
  'systemId', CASE WHEN s.can_control THEN (SELECT system_identifier::text FROM pg_control_system()) END,
  'serverNowMs', extract(epoch FROM clock_timestamp()) * 1000,
  'startedAtMs', extract(epoch FROM pg_postmaster_start_time()) * 1000,
  'readOnly', current_setting('default_transaction_read_only') = 'on',
  'minApplyDelay', current_setting('recovery_min_apply_delay'),
  'currentLsn', CASE WHEN NOT s.rec THEN pg_current_wal_lsn()::text END,
  'walFile', CASE WHEN NOT s.rec THEN pg_walfile_name(pg_current_wal_lsn()) END,
  'receiveLsn', pg_last_wal_receive_lsn()::text,
  'replayLsn', pg_last_wal_replay_lsn()::text,
  'replayPaused', CASE WHEN s.rec THEN pg_is_wal_replay_paused() ELSE false END,
  'lastReplayAtMs', extract(epoch FROM pg_last_xact_replay_timestamp()) * 1000,
  'lastCommitAtMs', CASE WHEN NOT s.rec AND current_setting('track_commit_timestamp') = 'on'
                              AND has_function_privilege('pg_last_committed_xact()', 'EXECUTE')
                         THEN extract(epoch FROM (pg_last_committed_xact()).timestamp) * 1000 END,
  'receiver', (
    SELECT json_build_object(
      'status', r.status, 'senderHost', r.sender_host, 'senderPort', r.sender_port,
      'slotName', r.slot_name, 'receivedTli', r.received_tli, 'flushedLsn', r.flushed_lsn::text,
      'conninfo', r.conninfo,
      'lastMsgReceiptAtMs', extract(epoch FROM r.last_msg_receipt_time) * 1000,
      'timeoutMs', (SELECT setting::int FROM pg_settings WHERE name = 'wal_receiver_timeout'))
    FROM pg_stat_wal_receiver r LIMIT 1),
  'senders', (
    SELECT coalesce(json_agg(json_build_object(
      'pid', w.pid, 'applicationName', w.application_name, 'clientAddr', host(w.client_addr),
      'clientHostname', w.client_hostname, 'state', w.state,
      'sentLsn', w.sent_lsn::text, 'writeLsn', w.write_lsn::text,
      'flushLsn', w.flush_lsn::text, 'replayLsn', w.replay_lsn::text,
      'writeLagMs', extract(epoch FROM w.write_lag) * 1000,
      'flushLagMs', extract(epoch FROM w.flush_lag) * 1000,
      'replayLagMs', extract(epoch FROM w.replay_lag) * 1000,
      'syncState', w.sync_state, 'slotName', sl.slot_name, 'slotType', sl.slot_type)
      ORDER BY w.application_name), '[]'::json)
    FROM pg_stat_replication w LEFT JOIN pg_replication_slots sl ON sl.active_pid = w.pid),
  'slots', (
    SELECT coalesce(json_agg(json_build_object(
      'name', sl.slot_name, 'kind', sl.slot_type, 'active', sl.active, 'database', sl.database,
      'walStatus', sl.wal_status,
      'retainedBytes', pg_wal_lsn_diff(
        CASE WHEN s.rec THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, sl.restart_lsn))
      ORDER BY sl.slot_name), '[]'::json)
    FROM pg_replication_slots sl)
)::text AS doc
FROM s`;
