import type { ClusterNode } from '../../../shared/model/node';
import type { PoolerReading } from '../../../shared/model/pooler';
import type { Normalized } from '../../lib/normalized';

/** What the pooler detail panel says about one pooler: each line already in words. */
export interface PoolerFacts {
  routes: { database: string; to: string; nodeId: string | null; paused: boolean }[];
  config: { key: 'pool_mode' | 'server_login_retry' | 'query_wait_timeout'; value: string; advice: string | null }[];
  agent: string;
  /** The primary's "N sessions bypass the pooler" note, when the driver left one. */
  bypass: string | null;
  servers: string;
}

const AGENT: Record<PoolerReading['agent'], string> = {
  none: 'no agent: a switchover cannot re-point this pooler (run replicadesk-agent --backend pgbouncer beside it)',
  connecting: 'connecting to the agent…',
  ready: 'ready: the agent re-points [databases] and sends RELOAD',
  'cannot-repoint': 'connected, but the agent does not offer poolerRepoint',
};

const seconds = (s: number | null) => (s === null ? 'unknown' : `${s} s`);

export function poolerFacts(p: PoolerReading, nodes: Normalized<ClusterNode> | undefined): PoolerFacts {
  const nameOf = (id: string) => nodes?.byId[id]?.name ?? id;
  const routes = p.databases.map((d) => {
    const where = d.host === null ? 'auto (auth_file / forced host)' : `${d.host}:${d.port ?? '?'}${d.dbname ? `/${d.dbname}` : ''}`;
    const to = d.targetNodeId === null ? `${where} (not a node of this cluster)` : `${nameOf(d.targetNodeId)} (${where})`;
    return { database: d.name, to, nodeId: d.targetNodeId, paused: d.paused };
  });
  const retry = p.serverLoginRetryS;
  const qwt = p.queryWaitTimeoutS;
  const config: PoolerFacts['config'] = [
    { key: 'pool_mode', value: p.poolMode ?? 'unknown', advice: p.poolMode === 'transaction' ? null : 'a switchover pauses only in transaction pooling: set pool_mode = transaction' },
    { key: 'server_login_retry', value: seconds(retry), advice: retry !== null && retry <= 1 ? null : 'set server_login_retry = 1: RELOAD does not clear a pending login-retry wait' },
    { key: 'query_wait_timeout', value: qwt === 0 ? 'off' : seconds(qwt), advice: null },
  ];
  const bypass =
    nodes?.ids
      .map((id) => nodes.byId[id] as ClusterNode)
      .filter((n) => n.role === 'primary')
      .flatMap((n) => (n.notes ?? []).filter((t) => /bypass the pooler/.test(t)).map((t) => `${n.name}: ${t}`))[0] ?? null;
  const servers = Object.entries(p.serverConnsByNode)
    .map(([id, n]) => `${id === 'other' ? 'other' : nameOf(id)} ${n}`)
    .join(', ');
  return { routes, config, agent: AGENT[p.agent], bypass, servers: servers || 'none' };
}
