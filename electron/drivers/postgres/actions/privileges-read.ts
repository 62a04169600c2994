import { parseKeyValue } from '../conninfo-kv';
import type { NodeView } from '../node-view';
import type { StepSession } from './session';

/** Parameters a plan may set with ALTER SYSTEM (fence/unfence, re-point). */
export const PLAN_PARAMETERS = ['default_transaction_read_only', 'primary_conninfo', 'recovery_target_timeline'] as const;
export type PlanParameter = (typeof PLAN_PARAMETERS)[number];

/** Functions a step calls that PUBLIC may not execute, with their signatures as GRANT wants them. */
export const PLAN_FUNCTIONS = {
  promote: 'pg_promote(boolean, integer)',
  reload: 'pg_reload_conf()',
  readFile: 'pg_read_file(text, bigint, bigint)',
} as const;
export type PlanFunction = keyof typeof PLAN_FUNCTIONS;

/** What pg_rewind's --source-server login needs on PG15 besides superuser (the "pg_rewind" page), as GRANT wants them. */
export const REWIND_FUNCTIONS = [
  'pg_ls_dir(text, boolean, boolean)',
  'pg_stat_file(text, boolean)',
  'pg_read_binary_file(text)',
  'pg_read_binary_file(text, bigint, bigint, boolean)',
] as const;

/** The login the manual runbook names for pg_rewind -R (rewind source, then the primary_conninfo -R writes), as the catalog has it. */
export interface RunbookLogin {
  user: string;
  /** The database it was read in (the runbook's dbname): function grants are per database. */
  database?: string;
  /** False when no role of that name exists on the node. */
  exists: boolean;
  superuser: boolean;
  replication: boolean;
  /** The REWIND_FUNCTIONS it may not execute. */
  rewindDenied: string[];
}

/** Predefined roles a step relies on ("has privileges of", i.e. pg_has_role … 'USAGE', as PG15 checks them). */
export const PLAN_ROLES = ['pg_signal_backend', 'pg_checkpoint', 'pg_read_all_settings', 'pg_read_all_stats'] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];

/** What the plan's login may do on one node, read once per plan. */
export interface NodePrivileges {
  login: string;
  superuser: boolean;
  replication: boolean;
  functions: Record<PlanFunction, boolean>;
  roles: Record<PlanRole, boolean>;
  /** Parameters it may ALTER SYSTEM (PG15 `GRANT ALTER SYSTEM ON PARAMETER`; before 15 only a superuser may). */
  alterSystem: ReadonlySet<string>;
  /** Client sessions of superusers (not ours): pg_signal_backend cannot end them, so a fence by a non-superuser fails. */
  superuserSessions: number;
  /** False before PG15: no parameter privileges and no pg_checkpoint, so ALTER SYSTEM and CHECKPOINT need a superuser. */
  pg15: boolean;
  /** The runbook's login (the standbys' replication user when they show one, else this login); absent when not read. */
  runbook?: RunbookLogin;
}

/** Our own sessions are named so (client-config.ts); the fence spares them. */
const OUR_APPLICATION = 'replicadesk';

const COMMON = `current_user AS login, current_database() AS database, r.rolsuper AS superuser, r.rolreplication AS replication,
  has_function_privilege('pg_promote(boolean,integer)', 'EXECUTE') AS promote,
  has_function_privilege('pg_reload_conf()', 'EXECUTE') AS reload,
  has_function_privilege('pg_read_file(text,bigint,bigint)', 'EXECUTE') AS read_file,
  pg_has_role('pg_signal_backend', 'USAGE') AS signal_backend,
  pg_has_role('pg_read_all_settings', 'USAGE') AS read_all_settings,
  pg_has_role('pg_read_all_stats', 'USAGE') AS read_all_stats,
  (SELECT count(*)::int FROM pg_stat_activity a JOIN pg_roles s ON s.oid = a.usesysid
    WHERE s.rolsuper AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() AND a.application_name <> $2) AS superuser_sessions,
  ARRAY(SELECT json_build_object('user', b.rolname, 'superuser', b.rolsuper, 'replication', b.rolreplication,
      'denied', ARRAY(SELECT f FROM unnest($4::text[]) AS f WHERE NOT has_function_privilege(b.oid, f, 'EXECUTE')))
    FROM pg_roles b WHERE b.rolname IN ($3::text, current_user) ORDER BY b.rolname = $3::text DESC NULLS LAST) AS runbook`;

/** One statement per node; $1 = the parameters to test, $2 = our application_name, $3 = the runbook's login (null: this one), $4 = REWIND_FUNCTIONS. */
export const PRIVILEGES_SQL = {
  pg15: `SELECT ${COMMON},
  pg_has_role('pg_checkpoint', 'USAGE') AS checkpoint,
  ARRAY(SELECT p FROM unnest($1::text[]) AS p WHERE has_parameter_privilege(p, 'ALTER SYSTEM')) AS alter_system
FROM pg_roles r WHERE r.rolname = current_user`,
  // Before PG15: no pg_checkpoint role and no has_parameter_privilege; $1 is still bound so both take the same values.
  older: `SELECT ${COMMON},
  false AS checkpoint,
  ARRAY(SELECT p FROM unnest($1::text[]) AS p WHERE r.rolsuper) AS alter_system
FROM pg_roles r WHERE r.rolname = current_user`,
} as const;

interface Row {
  login: string;
  database: string;
  superuser: boolean;
  replication: boolean;
  promote: boolean;
  reload: boolean;
  read_file: boolean;
  signal_backend: boolean;
  checkpoint: boolean;
  read_all_settings: boolean;
  read_all_stats: boolean;
  alter_system: string[];
  superuser_sessions: number;
  /** The standbys' replication user first (when given), then this login. */
  runbook: { user: string; superuser: boolean; replication: boolean; denied: string[] }[];
}

export type PrivilegeReading = { ok: true; value: NodePrivileges } | { ok: false; reason: string };

/** Reads the login's privileges on every readable node, one statement each, in parallel. */
export async function readPrivileges(s: StepSession, views: readonly NodeView[]): Promise<Map<string, PrivilegeReading>> {
  const out = new Map<string, PrivilegeReading>();
  const user = replicationUser(views);
  await Promise.all(
    views
      .filter((v) => v.reading)
      .map(async (v) => {
        const pg15 = (v.reading?.versionNum ?? 0) >= 150000;
        const r = await s.query<Row>(v.id, pg15 ? PRIVILEGES_SQL.pg15 : PRIVILEGES_SQL.older, [[...PLAN_PARAMETERS], OUR_APPLICATION, user, [...REWIND_FUNCTIONS]]);
        const row = r.ok ? r.value[0] : undefined;
        out.set(v.id, row ? { ok: true, value: toPrivileges(row, pg15, user) } : { ok: false, reason: r.ok ? 'the login has no pg_roles row' : r.reason });
      }),
  );
  return out;
}

/**
 * The user the standbys replicate with, from their WAL receivers' conninfo
 * (pg_stat_wal_receiver, read by the sample; the first one that names a user):
 * the login the manual runbook prefers for pg_rewind -R, whose primary_conninfo
 * must be able to stream. null when no standby shows one.
 */
export function replicationUser(views: readonly NodeView[]): string | null {
  for (const v of views) {
    const info = v.reading?.receiver?.conninfo;
    if (!info) continue;
    const kv = parseKeyValue(info);
    const user = kv.ok ? kv.value.get('user') : undefined;
    if (user) return user;
  }
  return null;
}

function toPrivileges(row: Row, pg15: boolean, asked: string | null): NodePrivileges {
  const logins: RunbookLogin[] = row.runbook.map((b) => ({ user: b.user, database: row.database, exists: true, superuser: b.superuser, replication: b.replication, rewindDenied: b.denied }));
  // The standbys' user when it may do both, else this login when it may, else the standbys' user (the warning names its GRANTs).
  const able = (b: RunbookLogin) => b.superuser || (b.replication && b.rewindDenied.length === 0);
  const missingAsked = asked !== null && !logins.some((b) => b.user === asked);
  return {
    login: row.login,
    superuser: row.superuser,
    replication: row.replication,
    functions: { promote: row.promote, reload: row.reload, readFile: row.read_file },
    roles: {
      pg_signal_backend: row.signal_backend,
      pg_checkpoint: row.checkpoint,
      pg_read_all_settings: row.read_all_settings,
      pg_read_all_stats: row.read_all_stats,
    },
    alterSystem: new Set(row.alter_system),
    superuserSessions: Number(row.superuser_sessions),
    pg15,
    runbook: logins.find(able) ?? (missingAsked ? { user: asked, exists: false, superuser: false, replication: false, rewindDenied: [...REWIND_FUNCTIONS] } : logins[0]),
  };
}
