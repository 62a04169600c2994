import type { StepSpec } from './plan-steps';

/** What the runbook needs to know of a node, read before the action (`SQL.hostFacts`). */
export interface HostFacts {
  /** `data_directory`; null when this login may not read it (superuser or pg_read_all_settings). */
  dataDirectory: string | null;
  port: number | null;
  clusterName: string | null;
}

/** Where the new primary is, for `--source-server` (never a password: libpq reads ~/.pgpass or PGPASSWORD). */
export interface SourceConn {
  host: string;
  port: number;
  user: string;
  database: string;
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

export function sourceConninfo(src: SourceConn): string {
  return [
    ['host', src.host],
    ['port', String(src.port)],
    ['user', src.user],
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
  const src = sourceConninfo(source.conn);
  const m = (s: Omit<StepSpec, 'abortableBefore' | 'manual'>): StepSpec => ({ ...s, abortableBefore: true, manual: true });
  return [
    m({ op: 'manual-checkpoint', node: source.id, title: `CHECKPOINT on ${source.name} first (pg_rewind reads its control file, whose timeline changes only at a checkpoint)`, command: `psql ${shellWord(src)} -c CHECKPOINT` }),
    m({ op: 'manual-stop', node: node.id, title: `Stop ${node.name} cleanly, on its host as the postgres user`, command: `pg_ctl stop -m fast -w -D ${pgdata}` }),
    m({
      op: 'manual-rewind',
      node: node.id,
      peer: source.id,
      title: `Rewind ${node.name} onto ${source.name}'s timeline (-R writes standby.signal and primary_conninfo)`,
      command: `pg_rewind --target-pgdata=${pgdata} --source-server=${shellWord(src)} -R`,
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
    m({ op: 'manual-start', node: node.id, peer: source.id, title: `Start ${node.name}: ReplicaDesk marks these steps done once it streams from ${source.name}`, command: `pg_ctl start -w -D ${pgdata}` }),
  ];
}
