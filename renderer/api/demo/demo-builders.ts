import type { Cluster } from '../../../shared/model/cluster';
import type { ClusterNode, NodeRole } from '../../../shared/model/node';
import type { LinkState, SyncMode } from '../../../shared/model/link';
import type { ReplicationSlot } from '../../../shared/model/slot';

/** DEMO ONLY: the fake clusters `?demo=1` shows. Nothing here talks to a database. */
export interface DemoLink {
  from: string;
  to: string;
  sync: SyncMode;
  state: LinkState;
  delayMs: number;
  phase: number;
}

export interface DemoCluster {
  cluster: Cluster;
  nodes: ClusterNode[];
  links: DemoLink[];
  slots: ReplicationSlot[];
  raft: { term: number; leader: string; commit: number } | null;
}

function node(id: string, role: NodeRole, port: number, startedAt: number): ClusterNode {
  return {
    id,
    name: id,
    address: `127.0.0.1:${port}`,
    role,
    status: { kind: 'up' },
    version: 'PostgreSQL 15.6 (demo)',
    timeline: 1,
    startedAt,
    lastSeenAt: startedAt,
    readOnly: role !== 'primary' && role !== 'peer' && role !== 'leader',
    position: '0/3000060',
    replayPaused: false,
  };
}

function cluster(id: string, name: string, kind: Cluster['kind'], sandbox: boolean): Cluster {
  return { id, name, engine: 'agent', kind, sandbox, sampleIntervalMs: 500, status: { kind: 'live' } };
}

const link = (from: string, to: string, sync: SyncMode = 'async', phase = 0): DemoLink => ({
  from,
  to,
  sync,
  state: 'streaming',
  delayMs: 0,
  phase,
});

export function buildDemoClusters(now: number, bigNodes: number): DemoCluster[] {
  const started = now - 3 * 3_600_000;
  const out: DemoCluster[] = [
    {
      cluster: cluster('demo-pg', 'sandbox: log shipping', 'primary-replica', true),
      nodes: [
        node('pg-1', 'primary', 5501, started),
        node('pg-2', 'replica', 5502, started),
        node('pg-3', 'replica', 5503, started),
        node('pg-4', 'cascading-replica', 5504, started),
      ],
      links: [link('pg-1', 'pg-2', 'sync', 0), link('pg-1', 'pg-3', 'async', 1), link('pg-2', 'pg-4', 'async', 2)],
      slots: [
        { nodeId: 'pg-1', name: 'pg_2', kind: 'physical', active: true, retainedBytes: 2_400_000, walStatus: 'reserved' },
        { nodeId: 'pg-1', name: 'pg_3', kind: 'physical', active: true, retainedBytes: 900_000, walStatus: 'reserved' },
        { nodeId: 'pg-1', name: 'old_backup', kind: 'physical', active: false, retainedBytes: 1_900_000_000, walStatus: 'extended' },
      ],
      raft: null,
    },
    {
      cluster: cluster('demo-raft', 'sandbox: raft group', 'consensus', true),
      nodes: ['r-1', 'r-2', 'r-3'].map((id, i) => ({ ...node(id, i === 0 ? 'leader' : 'follower', 2379 + i, started), version: 'etcd 3.4 (demo)', timeline: null, term: '4' })),
      links: [link('r-1', 'r-2', 'quorum', 0), link('r-1', 'r-3', 'quorum', 1.5)],
      slots: [],
      raft: { term: 4, leader: 'r-1', commit: 10_000 },
    },
    {
      cluster: cluster('demo-mp', 'sandbox: multi-primary', 'multi-primary', true),
      nodes: ['peer-a', 'peer-b', 'peer-c'].map((id, i) => node(id, 'peer', 6601 + i, started)),
      links: [
        link('peer-a', 'peer-b'), link('peer-b', 'peer-a', 'async', 1), link('peer-a', 'peer-c', 'async', 2),
        link('peer-c', 'peer-a', 'async', 3), link('peer-b', 'peer-c', 'async', 4), link('peer-c', 'peer-b', 'async', 5),
      ],
      slots: [],
      raft: null,
    },
  ];
  if (bigNodes > 1) {
    const nodes = [node('big-0', 'primary', 7000, started)];
    const links: DemoLink[] = [];
    const hubs = Math.min(8, bigNodes - 1);
    for (let i = 1; i < bigNodes; i++) {
      const cascading = i > hubs;
      nodes.push(node(`big-${i}`, cascading ? 'cascading-replica' : 'replica', 7000 + i, started));
      links.push(link(cascading ? `big-${1 + ((i - hubs - 1) % hubs)}` : 'big-0', `big-${i}`, 'async', i));
    }
    out.push({ cluster: cluster('demo-big', `big: ${bigNodes} nodes`, 'primary-replica', false), nodes, links, slots: [], raft: null });
  }
  return out;
}
