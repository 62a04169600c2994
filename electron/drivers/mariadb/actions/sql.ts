import mysql from 'mysql2';

/**
 * The statements of MariaDB actions. Values are always `?` (mysql2 escapes them
 * client-side: CHANGE MASTER, KILL and STOP SLAVE cannot be prepared); a channel's
 * Connection_name is a string literal in MariaDB's syntax, so it is a `?` too.
 */
/** This session's user name: USER() is 'name@client-host', and a name may contain '@'. */
const OWN_USER = "LEFT(USER(), CHAR_LENGTH(USER()) - CHAR_LENGTH(SUBSTRING_INDEX(USER(), '@', -1)) - 1)";

export const MDB_SQL = {
  /** What a step re-reads to observe its effect. */
  state: `SELECT @@read_only AS read_only, @@GLOBAL.gtid_binlog_pos AS binlog_pos, @@GLOBAL.gtid_current_pos AS current_pos,
  @@GLOBAL.gtid_slave_pos AS slave_pos, @@GLOBAL.gtid_binlog_state AS binlog_state, @@log_bin AS log_bin, @@log_slave_updates AS log_slave_updates,
  CONNECTION_ID() AS me`,
  channels: 'SHOW ALL SLAVES STATUS',
  fence: 'SET GLOBAL read_only = 1',
  unfence: 'SET GLOBAL read_only = 0',
  /**
   * Client sessions a fence ends: not replication (system user, Binlog Dump), not daemons, and not ReplicaDesk's
   * own: this one and every session of its login (its monitoring connects as the same user; their connection ids
   * are not known here), kept and named in the step's detail.
   */
  clientSessions: `SELECT ID AS id, USER AS user, HOST AS host, COMMAND AS command FROM information_schema.PROCESSLIST
  WHERE ID <> CONNECTION_ID() AND USER NOT IN ('system user', 'event_scheduler') AND USER <> ${OWN_USER}
  AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon', 'Killed')`,
  /** The other sessions of ReplicaDesk's login (its monitoring), which a fence keeps. */
  ownSessions: `SELECT ID AS id, USER AS user, HOST AS host, COMMAND AS command FROM information_schema.PROCESSLIST
  WHERE ID <> CONNECTION_ID() AND USER = ${OWN_USER} AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Killed')`,
  kill: 'KILL CONNECTION ?',
  /**
   * Accounts that may write under read_only (MariaDB 10.11: READ_ONLY ADMIN; SUPER no longer does). A login
   * without SELECT on the mysql schema sees only its own rows: `grantees` tells whether others were visible.
   */
  readOnlyAdmins: `SELECT (SELECT COUNT(DISTINCT GRANTEE) FROM information_schema.USER_PRIVILEGES) AS grantees,
  (SELECT GROUP_CONCAT(DISTINCT GRANTEE ORDER BY GRANTEE SEPARATOR '\\n') FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = 'READ_ONLY ADMIN') AS holders`,
  grants: 'SHOW GRANTS FOR CURRENT_USER',
  /** 0 once applied, -1 on timeout; the position and the seconds are bound. */
  gtidWait: 'SELECT MASTER_GTID_WAIT(?, ?) AS r',
  stopChannel: (named: boolean) => (named ? 'STOP SLAVE ?' : 'STOP SLAVE'),
  stopIoChannel: (named: boolean) => (named ? 'STOP SLAVE ? IO_THREAD' : 'STOP SLAVE IO_THREAD'),
  resetChannel: (named: boolean) => (named ? 'RESET SLAVE ? ALL' : 'RESET SLAVE ALL'),
  startChannel: (named: boolean) => (named ? 'START SLAVE ?' : 'START SLAVE'),
  changeMaster: (named: boolean) =>
    `CHANGE MASTER ${named ? '? ' : ''}TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, MASTER_USE_GTID = slave_pos`,
  /** The old primary's own transactions are in its binlog, not its slave position: start replicating after them. */
  slavePosFromBinlog: 'SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_binlog_pos',
} as const;

/** The re-point as the plan shows it (the password never appears). */
export function changeMasterPreview(host: string, port: number, user: string): string {
  // Shown, never run; still escaped as literals (mysql2's escape) so a copied statement means what it says.
  return `STOP SLAVE; CHANGE MASTER TO MASTER_HOST = ${mysql.escape(host)}, MASTER_PORT = ${Math.trunc(port)}, MASTER_USER = ${mysql.escape(user)}, MASTER_PASSWORD = '<replication password>', MASTER_USE_GTID = slave_pos; START SLAVE`;
}
