import type { ClusterSpecInput } from '../../../shared/model/cluster';
import { finish, lines, numberField, type FieldErrors, type FormCheck } from './form-check';
import { checkNodeAgentRows, type NodeAgentRow } from './node-agent-rows';
import { checkPoolerRows, type PoolerRowValues } from './pooler-form';

export { issuesToFieldErrors, type FieldErrors, type FormCheck } from './form-check';

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
  /** Optional `postgres` node agents on the nodes' hosts (node-agent-rows.ts); rows left blank are dropped. */
  nodeAgents: NodeAgentRow[];
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
  nodeAgents: [],
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

export function checkPostgresForm(v: PostgresFormValues, poolerRows: readonly PoolerRowValues[] = []): FormCheck {
  const errors: FieldErrors = {};
  const rows = checkPoolerRows(poolerRows);
  const agents = checkNodeAgentRows(v.nodeAgents);
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
    ...(agents.agents.length > 0 ? { agents: agents.agents } : {}),
  };
  const check = finish(input, errors, agents.rowOf, agents.error);
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
  const check = finish(input, errors, rows.rowOf, rows.error);
  // One input, not lines: "line 1:" would only confuse.
  if (!check.ok && check.errors.seeds) check.errors.seeds = check.errors.seeds.replace(/^line (\d+): /, (m, n: string) => (Number(n) > 1 ? `server ${n}: ` : ''));
  return check;
}
