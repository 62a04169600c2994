/** What to do when an alarm is raised, in the order a DBA would check. */
export const RUNBOOKS = {
  nodeDown:
    'Check the host and the server log. If it is the primary and will not return soon, fail over to the standby with the highest receive LSN, and fence this node before it returns. If it is a standby, restart it; it catches up from its upstream (or needs pg_rewind/re-clone if its WAL was removed).',
  nodeUnreachable:
    'Only ReplicaDesk cannot reach it: check the network path, pg_hba.conf, the login and TLS settings. Its peers still see it, so do not fail over on this alone.',
  nodeDegraded:
    'The standby runs but does not stream: check primary_conninfo, that its upstream is up and accepts replication connections, and the standby log for "could not connect" or "requested WAL segment has already been removed".',
  linkBroken:
    'Check both ends: the walsender on the upstream (pg_stat_replication) and the WAL receiver on the standby (pg_stat_wal_receiver, server log). A standby whose WAL was removed needs pg_rewind or a new base backup.',
  lag:
    'Check what holds replay back: long queries on the standby (hot_standby_feedback, max_standby_streaming_delay), paused replay (pg_wal_replay_resume()), recovery_min_apply_delay, I/O or network saturation. Do not fail over to this standby while it lags.',
  slotInactive:
    'An inactive slot keeps WAL until its consumer returns; the disk can fill. If its consumer is gone for good, drop it: SELECT pg_drop_replication_slot(name). If it is coming back, watch max_slot_wal_keep_size.',
  splitBrain:
    'More than one node accepts writes. Keep the one clients should use; fence the other at once (ALTER SYSTEM SET default_transaction_read_only = on; SELECT pg_reload_conf(); terminate its sessions), then rejoin it with pg_rewind from the kept primary.',
  noWritablePrimary:
    'No node accepts writes: the primary is fenced (default_transaction_read_only = on), often by a switchover that stopped half-way. Unfence the primary you keep (its Unfence action, or ALTER SYSTEM SET default_transaction_read_only = off; SELECT pg_reload_conf()), or plan the switchover again.',
  poolerPaused:
    'PgBouncer holds every client query while paused. A switchover pauses it for well under a second; a longer pause was left behind (ReplicaDesk stopped between PAUSE and RESUME, or someone ran PAUSE). Check that exactly one node accepts writes and that the pooler routes to it (SHOW DATABASES), then run RESUME on its admin console: psql -h HOST -p PORT -U ADMIN pgbouncer -c RESUME.',
  poolerMisrouted:
    'The pooler still sends this database to the old primary. Point it at the new one: in pgbouncer.ini change that [databases] line to the new primary\'s host= and port=, then run RELOAD on its admin console and check SHOW DATABASES (or run the pgbouncer agent beside it, and ReplicaDesk re-points it in the next switchover or failover). Set server_login_retry = 1 so it does not wait before logging in to the new server.',
  poolerUnreachable:
    'The pooler does not answer its admin console: check that PgBouncer runs, that the address is right, and that the login is in admin_users (or stats_users for reading). Until it answers, a switchover can neither pause nor re-point it.',
} as const;
