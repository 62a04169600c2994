import { describe, expect, it } from 'vitest';
import type { PoolerReading } from '../../../shared/model/pooler';
import { buildGraph } from '../../../renderer/features/topology/graph';
import { poolerFacts } from '../../../renderer/features/topology/pooler-facts';
import { foldSample } from '../../../renderer/features/topology/store';
import { link, node, sample } from './fixtures';

const nodes = () => [node('p', { role: 'primary', notes: ['14 sessions bypass the pooler: they will see errors in a switchover'] }), node('r1'), node('r2')];

function pooler(target: string | null, over: Partial<PoolerReading> = {}): PoolerReading {
  return {
    id: 'pooler:10.0.0.9:6432', name: 'bouncer1', host: '10.0.0.9', port: 6432, status: 'ok', error: null, version: 'PgBouncer 1.18.0',
    poolMode: 'transaction', serverLoginRetryS: 15, queryWaitTimeoutS: 120,
    databases: [{ name: 'appdb', host: '127.0.0.1', port: 5432, dbname: 'postgres', targetNodeId: target, paused: false, writeRoute: true }],
    clientsActive: 8, clientsWaiting: 0, serverConnsByNode: target ? { [target]: 8 } : {}, localAddrs: [], agent: 'ready', heldPausedSince: null, readAt: 1_000, ...over,
  };
}

const withPooler = (at: number, target: string | null, over: Partial<PoolerReading> = {}) => ({ ...sample('c1', at, nodes(), [link('p', 'r1'), link('p', 'r2')]), poolers: [pooler(target, over)] });

describe('poolers in the topology', () => {
  it('keeps the graph structure while only the pooler figures change, and lays it out again when a route moves', () => {
    const first = foldSample(undefined, withPooler(1_000, 'p'));
    const busier = foldSample(first, withPooler(2_000, 'p', { clientsActive: 3, clientsWaiting: 5, readAt: 2_000 }));
    expect(busier.poolers).not.toBe(first.poolers);
    expect(busier.structure).toBe(first.structure);
    const moved = foldSample(busier, withPooler(3_000, 'r1', { readAt: 3_000 }));
    expect(moved.structure).not.toBe(first.structure);
    expect(moved.structure.poolers).toEqual([{ id: 'pooler:10.0.0.9:6432', targets: ['r1'] }]);
  });

  it('draws a pooler node above the node it routes to, with a route edge (not a replication link)', () => {
    const t = foldSample(undefined, withPooler(1_000, 'p'));
    const g = buildGraph('c1', t.structure);
    expect(g.poolers.map((n) => [n.id, n.type])).toEqual([['pooler:10.0.0.9:6432', 'pooler']]);
    expect(g.routes.map((e) => [e.source, e.target, e.type])).toEqual([['pooler:10.0.0.9:6432', 'p', 'route']]);
    expect(g.edges.every((e) => e.type === 'lag')).toBe(true);
    const y = (id: string) => [...g.nodes, ...g.poolers].find((n) => n.id === id)!.position.y;
    expect(y('pooler:10.0.0.9:6432')).toBeLessThan(y('p'));
  });

  it('draws no arrow for a database routed outside the cluster, and none at all without poolers', () => {
    expect(buildGraph('c1', foldSample(undefined, withPooler(1_000, null)).structure).routes).toEqual([]);
    const plain = buildGraph('c1', foldSample(undefined, sample('c1', 1_000, nodes(), [link('p', 'r1')])).structure);
    expect(plain.poolers).toEqual([]);
    expect(plain.routes).toEqual([]);
  });

  it('says where each database points, the settings a switchover depends on, the agent and the bypass note', () => {
    const t = foldSample(undefined, withPooler(1_000, 'p'));
    const f = poolerFacts(pooler('p', { agent: 'none', poolMode: 'session' }), t.nodes);
    expect(f.routes).toEqual([{ database: 'appdb', to: 'p (127.0.0.1:5432/postgres)', nodeId: 'p', paused: false }]);
    expect(f.config.find((c) => c.key === 'pool_mode')).toMatchObject({ value: 'session', advice: expect.stringMatching(/transaction/) });
    expect(f.config.find((c) => c.key === 'server_login_retry')).toMatchObject({ value: '15 s', advice: expect.stringMatching(/= 1/) });
    expect(f.agent).toMatch(/cannot re-point/);
    expect(f.bypass).toBe('p: 14 sessions bypass the pooler: they will see errors in a switchover');
  });
});
