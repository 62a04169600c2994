import type { ClusterNode } from '../../../../../shared/model/node';
import type { ClusterSample } from '../../../../../shared/model/sample';
import type { PatroniView } from '../../../../../electron/drivers/postgres/patroni/probe';
import type { PatroniMember } from '../../../../../electron/drivers/postgres/patroni/schemas';

export const member = (name: string, port: number, role: string, state = 'running', extra: Partial<PatroniMember> = {}): PatroniMember => ({
  name,
  role,
  state,
  api_url: `http://127.0.0.1:${port + 1000}/patroni`,
  host: '127.0.0.1',
  port,
  timeline: 1,
  ...(role === 'leader' ? {} : { lag: 0 }),
  ...extra,
});

/** pg1 leads; pg2 and pg3 replicate. */
export function view(members: PatroniMember[] = [member('pg1', 5432, 'leader'), member('pg2', 5433, 'replica'), member('pg3', 5434, 'replica')]): PatroniView {
  return { url: 'http://127.0.0.1:6432', scope: 'demo', version: '3.0.2', cluster: { members }, config: { ttl: 10, loop_wait: 1, retry_timeout: 4 }, readAt: 0 };
}

const node = (port: number, role: ClusterNode['role']): ClusterNode => ({
  id: `127.0.0.1:${port}`,
  name: `127.0.0.1:${port}`,
  address: `127.0.0.1:${port}`,
  role,
  status: { kind: 'up' },
  version: '15.18',
  lastSeenAt: 0,
});

export function sample(): ClusterSample {
  return {
    clusterId: 'c',
    takenAt: 0,
    durationMs: 1,
    nodes: [node(5432, 'primary'), node(5433, 'replica'), node(5434, 'replica')],
    links: [],
    slots: [],
    consensus: null,
    queriesPerNode: 1,
    warnings: [],
  };
}
