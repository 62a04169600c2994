/**
 * One statement per node: prepared transactions with their locks, the
 * sessions that wait or make others wait, and (on a standby) the queries
 * recovery cancelled. `pg_blocking_pids()` is called only for sessions that
 * wait on a lock; it reports soft blocks (a waiter queued ahead) and a
 * prepared transaction as pid 0, which is matched back to its gid here by
 * the lock the session waits for. Timestamps are epoch ms on the server's
 * clock; `server_now` lets the reader correct for clock offset.
 */
export const LOCKING_SQL = `
WITH px AS (
  -- A prepared transaction's locks have no pid; its virtual transaction id is the one on its own xid lock.
  SELECT p.gid, p.transaction, p.prepared, p.owner, p.database, l.virtualtransaction AS vt
  FROM pg_prepared_xacts p
  LEFT JOIN pg_locks l ON l.pid IS NULL AND l.locktype = 'transactionid' AND l.transactionid = p.transaction
),
lk AS (
  SELECT l.*,
    CASE
      WHEN l.relation IS NULL THEN l.locktype || coalesce(' ' || l.transactionid::text, ' ' || l.virtualxid, ' ' || l.objid::text, '')
      WHEN l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) THEN l.relation::regclass::text
      ELSE 'relation ' || l.relation || ' in ' || coalesce((SELECT datname FROM pg_database d WHERE d.oid = l.database), '?')
    END AS target_text
  FROM pg_locks l
),
waiting AS (SELECT a.pid, pg_blocking_pids(a.pid) AS blockers FROM pg_stat_activity a WHERE a.wait_event_type = 'Lock'),
involved AS (SELECT pid FROM waiting UNION SELECT unnest(blockers) FROM waiting),
horizon AS (
  SELECT max(x) AS oldest FROM (
    SELECT age(backend_xmin) AS x FROM pg_stat_activity WHERE backend_xmin IS NOT NULL
    UNION ALL SELECT age(backend_xid) FROM pg_stat_activity WHERE backend_xid IS NOT NULL
    UNION ALL SELECT age(xmin) FROM pg_replication_slots WHERE xmin IS NOT NULL
    UNION ALL SELECT age(catalog_xmin) FROM pg_replication_slots WHERE catalog_xmin IS NOT NULL
    UNION ALL SELECT age(transaction) FROM px) s
),
ms AS (SELECT 1000 * extract(epoch FROM clock_timestamp()) AS server_now)
SELECT
  (SELECT server_now FROM ms)::float8 AS server_now,
  pg_is_in_recovery() AS in_recovery,
  current_setting('max_prepared_transactions')::int AS max_prepared,
  (SELECT coalesce(json_agg(json_build_object(
     'gid', p.gid, 'xid', p.transaction::text, 'prepared', 1000 * extract(epoch FROM p.prepared), 'owner', p.owner,
     'database', p.database, 'xid_age', age(p.transaction), 'oldest', age(p.transaction) >= (SELECT oldest FROM horizon),
     'locks', (SELECT coalesce(json_agg(json_build_object('locktype', l.locktype, 'target', l.target_text, 'mode', l.mode, 'granted', l.granted)
                 ORDER BY l.locktype, l.target_text), '[]') FROM lk l WHERE l.pid IS NULL AND l.virtualtransaction = p.vt)
   ) ORDER BY p.prepared), '[]') FROM px p) AS prepared,
  (SELECT coalesce(json_agg(json_build_object(
     'pid', a.pid, 'user', a.usename, 'database', a.datname, 'application', a.application_name,
     'client', coalesce(host(a.client_addr), CASE WHEN a.client_port = -1 THEN 'local socket' END),
     'state', a.state, 'wait_type', a.wait_event_type, 'wait', a.wait_event, 'query', left(a.query, 4000),
     'backend_start', 1000 * extract(epoch FROM a.backend_start), 'xact_start', 1000 * extract(epoch FROM a.xact_start),
     'query_start', 1000 * extract(epoch FROM a.query_start), 'state_change', 1000 * extract(epoch FROM a.state_change),
     'blocked_by', coalesce(w.blockers, '{}'),
     'blocked_by_prepared', (
       SELECT coalesce(json_agg(DISTINCT p.gid), '[]')
       FROM lk mine
       JOIN lk held ON held.pid IS NULL AND held.granted AND held.locktype = mine.locktype
         AND held.database IS NOT DISTINCT FROM mine.database AND held.relation IS NOT DISTINCT FROM mine.relation
         AND held.page IS NOT DISTINCT FROM mine.page AND held.tuple IS NOT DISTINCT FROM mine.tuple
         AND held.transactionid IS NOT DISTINCT FROM mine.transactionid AND held.virtualxid IS NOT DISTINCT FROM mine.virtualxid
         AND held.classid IS NOT DISTINCT FROM mine.classid AND held.objid IS NOT DISTINCT FROM mine.objid
         AND held.objsubid IS NOT DISTINCT FROM mine.objsubid
       JOIN px p ON held.virtualtransaction = p.vt
       WHERE mine.pid = a.pid AND NOT mine.granted AND 0 = ANY (w.blockers))
   ) ORDER BY a.pid), '[]')
   FROM pg_stat_activity a LEFT JOIN waiting w ON w.pid = a.pid WHERE a.pid IN (SELECT pid FROM involved)) AS sessions,
  (SELECT coalesce(json_agg(json_build_object('database', datname, 'tablespace', confl_tablespace, 'lock', confl_lock,
     'snapshot', confl_snapshot, 'bufferpin', confl_bufferpin, 'deadlock', confl_deadlock) ORDER BY datname), '[]')
   FROM pg_stat_database_conflicts WHERE pg_is_in_recovery() AND datname NOT IN ('template0', 'template1')) AS standby_conflicts`;

/** The prepared transaction `gid` on this node, if it is still there. */
export const PREPARED_ONE_SQL = 'SELECT gid, database, owner FROM pg_prepared_xacts WHERE gid = $1';
