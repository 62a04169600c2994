import { ClusterSpecSchema, type ClusterSpec, type ClusterSpecInput } from '../../../shared/model/cluster';
import type { Failure } from '../../../shared/result';
import type { FormField } from '../../testids';
import { checkNodeAgentRows, nodeAgentIssue, type NodeAgentRow } from './node-agent-rows';
import { checkPoolerRows, type PoolerRowErrors, type PoolerRowValues } from './pooler-form';

export interface PostgresFormValues {
  name: string;
  /** One connection string per line. */
  seeds: string;
  sampleIntervalMs: string;
  /** Comma- or space-separated ports. */
  discoveryPorts: string;
  /** In MB, converted to bytes. */
  lagThresholdMb: string;
  lagThresholdMs: string;
}

export interface AgentFormValues {
  name: string;
  /** One ws:// or wss:// URL per line. */
  agents: string;
  token: string;
  sampleIntervalMs: string;
}

export const emptyPostgresForm: PostgresFormValues = {
  name: '',
  seeds: '',
  sampleIntervalMs: '1000',
  discoveryPorts: '',
  lagThresholdMb: '16',
  lagThresholdMs: '10000',
};

export const emptyAgentForm: AgentFormValues = { name: '', agents: '', token: '', sampleIntervalMs: '1000' };

export interface EtcdFormValues {
  name: string;
  /** One http:// or https:// client URL per line; any one member is enough. */
  endpoints: string;
  /** etcd's own auth, when enabled; blank for none. */
  username: string;
  password: string;
  /** Paths on this machine, for https endpoints: a CA to trust, a client certificate and its key; blank for none. */
  caFile: string;
  certFile: string;
  keyFile: string;
  sampleIntervalMs: string;
}

export const emptyEtcdForm: EtcdFormValues = { name: '', endpoints: '', username: '', password: '', caFile: '', certFile: '', keyFile: '', sampleIntervalMs: '1000' };

export interface MariadbFormValues {
  name: string;
  /** host:port of any one server (several may be given, separated by spaces or commas). */
  seeds: string;
  username: string;
  /** A secret: the core keeps it in the secret store, never in the saved spec. */
  password: string;
  /** The account replicas connect with after a switchover/failover; blank for the monitoring account. */
  replicationUser: string;
  /** A secret, like `password`. */
  replicationPassword: string;
  /** database.table for the heartbeat; blank for no heartbeat. */
  heartbeatTable: string;
  /** 'yes' to let ReplicaDesk create the heartbeat table when missing; '' not to. */
  heartbeatCreate: string;
  sampleIntervalMs: string;
  /** Optional `mariadb` log agents beside Galera nodes (node-agent-rows.ts); rows left blank are dropped. */
  nodeAgents: NodeAgentRow[];
}

export const emptyMariadbForm: MariadbFormValues = {
  name: '',
  seeds: '',
  username: '',
  password: '',
  replicationUser: '',
  replicationPassword: '',
  heartbeatTable: '',
  heartbeatCreate: '',
  sampleIntervalMs: '1000',
  nodeAgents: [],
};

export type FieldErrors = Partial<Record<FormField, string>>;
/** `rowErrors`: the PgBouncer pooler rows' errors, keyed `<row>.<field>` (pooler-form.ts). */
export type FormCheck = { ok: true; spec: ClusterSpec } | { ok: false; errors: FieldErrors; general: string | null; rowErrors?: PoolerRowErrors };

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

/** Blank → undefined (the schema's default applies); not a number → an error for that field. */
function numberField(text: string, field: FormField, errors: FieldErrors, scale = 1): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) {
    errors[field] = `"${t}" is not a number`;
    return undefined;
  }
  return Math.round(n * scale);
}

export function checkPostgresForm(v: PostgresFormValues, poolerRows: readonly PoolerRowValues[] = []): FormCheck {
  const errors: FieldErrors = {};
  const rows = checkPoolerRows(poolerRows);
  const ports: number[] = [];
  for (const token of v.discoveryPorts.split(/[\s,]+/).filter(Boolean)) {
    if (!/^\d+$/.test(token)) errors.discoveryPorts ??= `"${token}" is not a port number`;
    else ports.push(Number(token));
  }
  const input: ClusterSpecInput = {
    engine: 'postgres',
    name: v.name,
    seeds: lines(v.seeds),
    discoveryPorts: ports,
    sampleIntervalMs: numberField(v.sampleIntervalMs, 'sampleIntervalMs', errors),
    lagThresholdBytes: numberField(v.lagThresholdMb, 'lagThresholdBytes', errors, 1024 * 1024),
    lagThresholdMs: numberField(v.lagThresholdMs, 'lagThresholdMs', errors),
    ...(rows.poolers.length > 0 ? { poolers: rows.poolers } : {}),
  };
  const check = finish(input, errors);
  if (Object.keys(rows.errors).length === 0) return check;
  return { ok: false, errors: check.ok ? {} : check.errors, general: check.ok ? null : check.general, rowErrors: rows.errors };
}

export function checkAgentForm(v: AgentFormValues): FormCheck {
  const errors: FieldErrors = {};
  const input: ClusterSpecInput = {
    engine: 'agent',
    name: v.name,
    agents: lines(v.agents).map((url) => ({ url, token: v.token })),
    sampleIntervalMs: numberField(v.sampleIntervalMs, 'sampleIntervalMs', errors),
  };
  return finish(input, errors);
}

export function checkEtcdForm(v: EtcdFormValues): FormCheck {
  const errors: FieldErrors = {};
  const user = v.username.trim();
  const files = Object.entries({ caFile: v.caFile, certFile: v.certFile, keyFile: v.keyFile })
    .map(([k, f]) => [k, f.trim()] as const)
    .filter(([, f]) => f.length > 0);
  const input: ClusterSpecInput = {
    engine: 'etcd',
    name: v.name,
    endpoints: lines(v.endpoints),
    sampleIntervalMs: numberField(v.sampleIntervalMs, 'sampleIntervalMs', errors),
    ...(user ? { auth: { username: user, password: v.password } } : {}),
    ...(files.length ? { tls: Object.fromEntries(files) } : {}),
  };
  if (!user && v.password) errors.username = 'give the user name that goes with the password';
  return finish(input, errors);
}

export function checkMariadbForm(v: MariadbFormValues): FormCheck {
  const errors: FieldErrors = {};
  const rows = checkNodeAgentRows(v.nodeAgents);
  const input: ClusterSpecInput = {
    engine: 'mariadb',
    name: v.name,
    seeds: v.seeds.split(/[\s,]+/).filter(Boolean),
    auth: { user: v.username, password: v.password },
    sampleIntervalMs: numberField(v.sampleIntervalMs, 'sampleIntervalMs', errors),
    // Both optional: left blank, the spec goes without them (a password alone still asks for its user).
    ...(v.replicationUser.trim() !== '' || v.replicationPassword !== '' ? { replication: { user: v.replicationUser, password: v.replicationPassword } } : {}),
    ...(v.heartbeatTable.trim() !== '' ? { heartbeat: { table: v.heartbeatTable, create: v.heartbeatCreate === 'yes' } } : {}),
    ...(rows.agents.length ? { agents: rows.agents } : {}),
  };
  const check = finish(input, errors, rows.rowOf);
  if (rows.error !== null) {
    const errs = check.ok ? {} : check.errors;
    return { ok: false, errors: { ...errs, nodeAgents: [errs.nodeAgents, rows.error].filter(Boolean).join('; ') }, general: check.ok ? null : check.general };
  }
  // One input, not lines: "line 1:" would only confuse.
  if (!check.ok && check.errors.seeds) check.errors.seeds = check.errors.seeds.replace(/^line (\d+): /, (m, n: string) => (Number(n) > 1 ? `server ${n}: ` : ''));
  return check;
}

function finish(input: ClusterSpecInput, local: FieldErrors, agentRows?: readonly number[]): FormCheck {
  const parsed = ClusterSpecSchema.safeParse(input);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const { errors, general } = issuesToFieldErrors(issues, input.engine, agentRows);
  const merged = { ...errors, ...local };
  if (parsed.success && Object.keys(merged).length === 0) return { ok: true, spec: parsed.data };
  return { ok: false, errors: merged, general };
}

/** Maps failing paths (from zod or from the server's Failure.issues) to form fields. */
export function issuesToFieldErrors(issues: NonNullable<Failure['issues']>, engine?: ClusterSpec['engine'], agentRows?: readonly number[]): { errors: FieldErrors; general: string | null } {
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const { path, message } of issues) {
    const [head, index, leaf] = path.split('.');
    if (head === 'agents' && engine === 'mariadb') {
      // Every row's mistake in one list under the rows, each named by its row.
      const text = nodeAgentIssue(index, message, agentRows);
      errors.nodeAgents = errors.nodeAgents ? `${errors.nodeAgents}; ${text}` : text;
      continue;
    }
    const line = index !== undefined && /^\d+$/.test(index) ? `line ${Number(index) + 1}: ` : '';
    let field: FormField | null = null;
    if (head === 'name' || head === 'seeds' || head === 'sampleIntervalMs' || head === 'lagThresholdBytes') field = head;
    else if (head === 'lagThresholdMs' || head === 'discoveryPorts') field = head;
    else if (head === 'agents') field = leaf === 'token' ? 'token' : 'agents';
    else if (head === 'endpoints') field = 'endpoints';
    else if (head === 'replication') field = index === 'password' ? 'replicationPassword' : 'replicationUser';
    else if (head === 'heartbeat') field = 'heartbeatTable';
    else if (head === 'auth') field = index === 'password' ? 'password' : 'username';
    else if (head === 'tls') field = index === 'caFile' ? 'caFile' : index === 'keyFile' ? 'keyFile' : 'certFile';
    if (field === null) other.push(`${path}: ${message}`);
    else if (errors[field] === undefined) errors[field] = field === 'token' ? message : `${line}${message}`;
  }
  return { errors, general: other.length ? other.join('; ') : null };
}
