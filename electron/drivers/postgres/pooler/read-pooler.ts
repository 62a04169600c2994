import { poolerId, PoolModeSchema, type PoolerDatabase, type PoolerReading, type PoolerSpec } from '../../../../shared/model/pooler';
import { nodeIdOf } from '../conn-string';
import { adminOnce, type AdminRow } from './admin';

export type AgentState = PoolerReading['agent'];

export interface ReadPoolerDeps {
  /** The cluster node at this address, or null when it is not one of ours. */
  nodeAt(host: string, port: number): string | null;
  agent: AgentState;
  timeoutMs: number;
  now(): number;
}

const READS = ['SHOW VERSION', 'SHOW CONFIG', 'SHOW DATABASES', 'SHOW POOLS', 'SHOW CLIENTS', 'SHOW SERVERS'] as const;

const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Reads one PgBouncer over its admin console: six SHOW commands on one short-lived connection. */
export async function readPooler(spec: PoolerSpec, deps: ReadPoolerDeps): Promise<PoolerReading> {
  const base: PoolerReading = {
    id: poolerId(spec),
    name: spec.name,
    host: spec.host,
    port: spec.port,
    status: 'ok',
    error: null,
    version: null,
    poolMode: null,
    serverLoginRetryS: null,
    queryWaitTimeoutS: null,
    databases: [],
    clientsActive: 0,
    clientsWaiting: 0,
    serverConnsByNode: {},
    localAddrs: [],
    agent: deps.agent,
    heldPausedSince: null,
    readAt: deps.now(),
  };
  const r = await adminOnce(spec, READS, deps.timeoutMs);
  if (!r.ok) return { ...base, status: r.status, error: r.reason, readAt: deps.now() };
  const [version = [], config = [], databases = [], pools = [], , servers = []] = r.value;
  return { ...base, ...fromRows({ version, config, databases, pools, servers }, deps.nodeAt), readAt: deps.now() };
}

export function fromRows(
  rows: { version: AdminRow[]; config: AdminRow[]; databases: AdminRow[]; pools: AdminRow[]; servers: AdminRow[] },
  nodeAt: ReadPoolerDeps['nodeAt'],
): Pick<PoolerReading, 'version' | 'poolMode' | 'serverLoginRetryS' | 'queryWaitTimeoutS' | 'databases' | 'clientsActive' | 'clientsWaiting' | 'serverConnsByNode' | 'localAddrs'> {
  const cfg = new Map(rows.config.map((c) => [String(c.key), c.value]));
  const mode = PoolModeSchema.safeParse(cfg.get('pool_mode'));
  const databases: PoolerDatabase[] = rows.databases
    .filter((d) => d.name !== 'pgbouncer')
    .map((d) => {
      const host = str(d.host);
      const port = num(d.port);
      return { name: String(d.name), host, port, dbname: str(d.database), targetNodeId: host && port ? nodeAt(host, port) : null, paused: num(d.paused) === 1, writeRoute: false };
    });
  const pools = rows.pools.filter((p) => p.database !== 'pgbouncer');
  const sum = (k: string) => pools.reduce((a, p) => a + (num(p[k]) ?? 0), 0);
  const byNode: Record<string, number> = {};
  const locals = new Set<string>();
  for (const s of rows.servers) {
    const host = str(s.addr);
    const port = num(s.port);
    const key = (host && port ? nodeAt(host, port) : null) ?? 'other';
    byNode[key] = (byNode[key] ?? 0) + 1;
    const la = str(s.local_addr);
    const lp = num(s.local_port);
    if (la && lp) locals.add(`${la}:${lp}`);
  }
  return {
    version: String(Object.values(rows.version[0] ?? {})[0] ?? '') || null,
    poolMode: mode.success ? mode.data : null,
    serverLoginRetryS: num(cfg.get('server_login_retry')),
    queryWaitTimeoutS: num(cfg.get('query_wait_timeout')),
    databases,
    clientsActive: sum('cl_active'),
    clientsWaiting: sum('cl_waiting'),
    serverConnsByNode: byNode,
    localAddrs: [...locals],
  };
}

/** A node id for an address PgBouncer shows, if it is one of `ids`. */
export function nodeAtFrom(ids: () => readonly string[]): ReadPoolerDeps['nodeAt'] {
  return (host, port) => {
    const id = nodeIdOf(host, port);
    if (ids().includes(id)) return id;
    // PgBouncer shows `localhost`; the cluster may know 127.0.0.1.
    const loop = host === 'localhost' ? nodeIdOf('127.0.0.1', port) : null;
    return loop && ids().includes(loop) ? loop : null;
  };
}
