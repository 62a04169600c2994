import type { StepSpec } from './plan-steps';
import { runbookGaps } from './runbook-login';
import { REWIND_FUNCTIONS, type PrivilegeReading } from './privileges-read';

/** What the runbook needs to know of a node, read before the action (`SQL.hostFacts`). */
export interface HostFacts {
  /** `data_directory`; null when this login may not read it (superuser or pg_read_all_settings). */
  dataDirectory: string | null;
  port: number | null;
  clusterName: string | null;
  /** server_version_num, for the Debian bindir (/usr/lib/postgresql/<major>/bin); null/absent when unknown. */
  versionNum?: number | null;
}

/** Where the new primary is, for `--source-server` (never a password: libpq reads ~/.pgpass or PGPASSWORD). */
export interface SourceConn {
  host: string;
  port: number;
  user: string;
  database: string;
  /**
   * The login pg_rewind -R connects with (its primary_conninfo then streams as it):
   * `ok` when it may do both (read on the source by the plan's pre-flight).
   * Absent: not read, and the app's own `user` is written.
   */
  rewind?: { user: string; ok: boolean };
  /**
   * The login the by-hand CHECKPOINT runs as (pg_checkpoint or superuser): the app's own when it may, else the
   * runbook's login when it is a superuser; `ok: false` when neither may (the admin picks one). Absent: not read.
   */
  checkpoint?: { user: string; ok: boolean };
}

/** Placeholder the admin replaces in the pg_rewind line when no login read by the plan may serve it. */
export const REWIND_LOGIN = '<REWIND_LOGIN>';

/** The runbook's pg_rewind login from the source node's privilege reading (privileges-read.ts). */
export function rewindLoginOf(r: PrivilegeReading | undefined): SourceConn['rewind'] {
  if (!r?.ok || !r.value.runbook) return undefined;
  return { user: r.value.runbook.user, ok: r.value.runbook.exists && runbookGaps(r.value) === null };
}

/** Placeholder the admin replaces in the CHECKPOINT line when no login read by the plan may run it. */
export const CHECKPOINT_LOGIN = '<CHECKPOINT_LOGIN>';

/** The runbook's CHECKPOINT login from the source node's privilege reading: who may run it, by what was read. */
export function checkpointLoginOf(r: PrivilegeReading | undefined): SourceConn['checkpoint'] {
  if (!r?.ok) return undefined;
  const p = r.value;
  if (p.superuser || (p.pg15 && p.roles.pg_checkpoint)) return { user: p.login, ok: true };
  if (p.runbook?.exists && p.runbook.superuser) return { user: p.runbook.user, ok: true };
  return { user: p.login, ok: false };
}

/** Debian keeps pg_ctl and pg_rewind off PATH, in /usr/lib/postgresql/<major>/bin. */
function bindir(versionNum: number | null | undefined): string {
  if (!versionNum) return '';
  const major = versionNum >= 100000 ? Math.floor(versionNum / 10000) : `${Math.floor(versionNum / 10000)}.${Math.floor(versionNum / 100) % 100}`;
  return `/usr/lib/postgresql/${major}/bin/`;
}

/** A libpq conninfo value: bare when safe, else single-quoted with `\` and `'` escaped (libpq's rules). */
export function conninfoValue(v: string): string {
  return v !== '' && /^[^\s'\\]+$/.test(v) ? v : `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** One shell word: single-quoted, with `'` written as `'\''`. */
export function shellWord(v: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(v) ? v : `'${v.replaceAll("'", "'\\''")}'`;
}

/** A postgresql.conf string value. */
const confString = (v: string) => `'${v.replaceAll("'", "''")}'`;

export function sourceConninfo(src: SourceConn, user = src.user): string {
  return [
    ['host', src.host],
    ['port', String(src.port)],
    ['user', user],
    ['dbname', src.database],
  ]
    .map(([k, v]) => `${k}=${conninfoValue(v ?? '')}`)
    .join(' ');
}

/**
 * The steps the admin runs by hand to make the old primary `node` a standby of
 * `source` when no agent runs on its host (design.md, measured on PG15):
 * CHECKPOINT on the new primary first (pg_rewind reads its control file),
 * stop cleanly, pg_rewind -R (writes standby.signal and primary_conninfo),
 * put back the node's own port and cluster_name (pg_rewind copied the
 * source's), make sure standby.signal is there, start. ReplicaDesk marks them
 * done once it sees `node` stream from `source`.
 */
export function manualRejoinSteps(node: { id: string; name: string; facts: HostFacts }, source: { id: string; name: string; conn: SourceConn }): StepSpec[] {
  const dir = node.facts.dataDirectory;
  const pgdata = dir === null ? `<data directory of ${node.name}: this login may not read data_directory (needs superuser or pg_read_all_settings); run SHOW data_directory on ${node.name}>` : shellWord(dir);
  const file = (f: string) => (dir === null ? `${pgdata}/${f}` : shellWord(`${dir}/${f}`));
  const own: string[] = [];
  if (node.facts.port !== null) own.push(`port = ${node.facts.port}`);
  if (node.facts.clusterName) own.push(`cluster_name = ${confString(node.facts.clusterName)}`);
  const bin = bindir(node.facts.versionNum);
  const where = bin ? ` (${bin}: the server's bindir on Debian; elsewhere \`pg_config --bindir\`)` : ' (the server\'s bindir, `pg_config --bindir`; on Debian /usr/lib/postgresql/<major>/bin)';
  const rw = source.conn.rewind;
  const rewindUser = rw === undefined ? source.conn.user : rw.ok ? rw.user : REWIND_LOGIN;
  const needs = `REPLICATION (and a pg_hba.conf "replication" line), and superuser or EXECUTE on ${REWIND_FUNCTIONS.join(', ')}`;
  const who =
    rewindUser === REWIND_LOGIN
      ? `replace ${REWIND_LOGIN} with a login that has ${needs}: ${rw ? `"${rw.user}" lacks some (see the pre-flight warning)` : 'none known to the plan has them'}`
      : `as "${rewindUser}": -R writes a primary_conninfo that streams as it, so it needs ${needs}`;
  const password = 'psql and pg_rewind ask for the password unless ~/.pgpass or PGPASSWORD has it';
  const logfile = dir === null ? `${pgdata}/log/pg_ctl-start.log` : shellWord(`${dir}/log/pg_ctl-start.log`);
  const logdir = dir === null ? `${pgdata}/log` : shellWord(`${dir}/log`);
  const m = (s: Omit<StepSpec, 'abortableBefore' | 'manual'>): StepSpec => ({ ...s, abortableBefore: true, manual: true });
  const cp = source.conn.checkpoint;
  const checkpointUser = cp === undefined ? source.conn.user : cp.ok ? cp.user : CHECKPOINT_LOGIN;
  const checkpointWho =
    checkpointUser === CHECKPOINT_LOGIN
      ? `replace ${CHECKPOINT_LOGIN} with a login that has pg_checkpoint or superuser ("${cp!.user}" has neither: GRANT pg_checkpoint TO ${cp!.user}, or use the postgres user)`
      : `as "${checkpointUser}" (needs pg_checkpoint or superuser${cp?.ok ? ', which it has' : ''})`;
  return [
    m({
      op: 'manual-checkpoint',
      node: source.id,
      title: `CHECKPOINT on ${source.name} first (pg_rewind reads its control file, whose timeline changes only at a checkpoint), ${checkpointWho}; ${password}`,
      command: `psql ${shellWord(sourceConninfo(source.conn, checkpointUser))} -c CHECKPOINT`,
    }),
    m({
      op: 'manual-stop',
      node: node.id,
      title: `Stop ${node.name} cleanly, on its host as the postgres user (skip if it is already stopped), and keep it stopped until the last step starts it as a standby; pg_ctl is in the server's bindir${where}`,
      command: `${bin}pg_ctl stop -m fast -w -D ${pgdata}`,
    }),
    m({
      op: 'manual-rewind',
      node: node.id,
      peer: source.id,
      title: `Rewind ${node.name} onto ${source.name}'s timeline (-R writes standby.signal and primary_conninfo), ${who}; pg_rewind is in the server's bindir${where}; ${password}, and -R copies that password into primary_conninfo in postgresql.auto.conf (measured on PG15): remove password=… there if the postgres user's ~/.pgpass or pg_hba.conf covers replication`,
      command: `${bin}pg_rewind --target-pgdata=${pgdata} --source-server=${shellWord(sourceConninfo(source.conn, rewindUser))} -R`,
    }),
    m({
      op: 'manual-config',
      node: node.id,
      peer: source.id,
      title: `Put back ${node.name}'s own ${own.length ? own.map((o) => o.split(' = ')[0]).join(' and ') : 'port and cluster_name'} in postgresql.auto.conf (pg_rewind copied ${source.name}'s)`,
      command: own.length
        ? `printf '%s\\n' ${own.map(shellWord).join(' ')} >> ${file('postgresql.auto.conf')}`
        : `edit ${file('postgresql.auto.conf')}: set port and cluster_name to ${node.name}'s own values (they could not be read before the action)`,
    }),
    m({ op: 'manual-standby-signal', node: node.id, title: `Make sure ${node.name} starts as a standby`, command: `touch ${file('standby.signal')}` }),
    m({
      op: 'manual-start',
      node: node.id,
      peer: source.id,
      title: `Start ${node.name}, its startup output in log/pg_ctl-start.log inside its data directory: ReplicaDesk marks these steps done once it streams from ${source.name}`,
      command: `mkdir -p ${logdir} && ${bin}pg_ctl start -w -D ${pgdata} -l ${logfile}`,
    }),
  ];
}
