/** The ini file and auth_file a test PgBouncer runs with (written by pgbouncer-process.ts). */

export interface PgbouncerDatabase {
  /** The name clients connect to. */
  name: string;
  host: string;
  port: number;
  dbname: string;
}

export interface PgbouncerConfigInput {
  port: number;
  root: string;
  databases: PgbouncerDatabase[];
  poolMode: 'transaction' | 'session' | 'statement';
  /** Seconds; PgBouncer's default is 15. */
  serverLoginRetryS: number;
  queryWaitTimeoutS: number;
  adminUser: string;
  /** user -> password, plain text (PgBouncer logs in to the server with it). */
  users: Record<string, string>;
  defaultPoolSize?: number;
}

/** Harness values only: never user input. A quote or newline would break the ini. */
function safe(s: string): string {
  if (!/^[A-Za-z0-9_.\-/:]+$/.test(s)) throw new Error(`unsafe value for a test pgbouncer.ini: ${JSON.stringify(s)}`);
  return s;
}

export function pgbouncerIni(c: PgbouncerConfigInput, paths: { authFile: string; logFile: string; pidFile: string }): string {
  const dbs = c.databases.map((d) => `${safe(d.name)} = host=${safe(d.host)} port=${d.port} dbname=${safe(d.dbname)}`);
  return [
    '; written by the ReplicaDesk test harness',
    '[databases]',
    ...dbs,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${c.port}`,
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${safe(paths.authFile)}`,
    `admin_users = ${safe(c.adminUser)}`,
    `pool_mode = ${c.poolMode}`,
    `server_login_retry = ${c.serverLoginRetryS}`,
    `query_wait_timeout = ${c.queryWaitTimeoutS}`,
    `default_pool_size = ${c.defaultPoolSize ?? 20}`,
    'max_client_conn = 200',
    'ignore_startup_parameters = extra_float_digits,options',
    `logfile = ${safe(paths.logFile)}`,
    `pidfile = ${safe(paths.pidFile)}`,
    '',
  ].join('\n');
}

/** `"user" "password"` lines; a `"` is doubled, as PgBouncer's auth_file format wants. */
export function authFile(users: Record<string, string>): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return `${Object.entries(users)
    .map(([u, p]) => `${q(u)} ${q(p)}`)
    .join('\n')}\n`;
}
