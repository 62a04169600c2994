import { describe, expect, it } from 'vitest';
import { clusterHeadline } from '../../../../electron/core/cluster-state/headline';
import { buildSample } from '../../../../electron/drivers/postgres/build-sample';
import { markUnreadMesh } from '../../../../electron/drivers/postgres/pglogical/mesh-gaps';
import { applyPglTopology } from '../../../../electron/drivers/postgres/pglogical/mesh-sample';
import type { PglNodeTopology } from '../../../../electron/drivers/postgres/pglogical/topology';
import { headlineSeverity } from '../../../../shared/model/cluster-state';
import { ClusterSampleSchema, type ClusterSample } from '../../../../shared/model/sample';
import { NOW, primaryReading, up } from '../postgres/fixtures';

const N1 = '127.0.0.1:35055';
const N2 = '127.0.0.1:45917';
const N3 = '127.0.0.1:40203';
const NAMES: Record<string, string> = { [N1]: 'n1', [N2]: 'n2', [N3]: 'n3' };
const limits = { lagThresholdBytes: 1e9, lagThresholdMs: 1e9 };

/** Three writable PG15 primaries read by a pg_monitor login, named n1..n3 (cluster_name). */
function threePrimaries(ids = [N1, N2, N3]): ClusterSample {
  const views = ids.map((id) => up(id, primaryReading([], { clusterName: NAMES[id]!, user: 'mon' })));
  return buildSample({ clusterId: 'c', takenAt: NOW - 5, now: NOW, views, queriesPerNode: 1, ghostMemory: () => ({ since: NOW, probeNote: null }) }).sample;
}

/** n1's catalog, read: it knows all three nodes (interfaces) and subscribes to n2 and n3. */
const n1Top: PglNodeTopology = {
  localNode: 'n1',
  nodes: [N1, N2, N3].map((id) => ({ name: NAMES[id]!, host: '127.0.0.1', port: Number(id.split(':')[1]) })),
  subscriptions: ['n2', 'n3'].map((p) => ({ name: `sub_n1_from_${p}`, status: 'replicating', providerNode: p, slotName: `pgl_postgres_${p}_sub_n1_from_${p}`, replicationSets: ['default'], forwardOrigins: [] })),
  slots: [],
};

/** What pgl-support.annotate does: topology by catalog-read nodes, then the driver's markUnreadMesh. */
function meshOf(sample: ClusterSample, pglIds: string[], tops: Map<string, PglNodeTopology>): ClusterSample {
  const byName = new Map([...tops].flatMap(([id, t]) => (t.localNode ? [[t.localNode, id] as const] : [])));
  const drawn = applyPglTopology(sample, tops, (name) => byName.get(name) ?? null, NOW);
  return ClusterSampleSchema.parse(markUnreadMesh(drawn, { isPgl: (id) => pglIds.includes(id), topologies: () => tops }));
}

describe('pglogical mesh read by a monitor login (trial 14 findings 7 and 8)', () => {
  it('grants on n1 only: n2 and n3 run pglogical too, so all three are peers, no split brain, and n1’s subscriptions to them are drawn, not "add it as a seed"', () => {
    const s = meshOf(threePrimaries(), [N1, N2, N3], new Map([[N1, n1Top]]));
    expect(s.nodes.map((n) => [n.name, n.role])).toEqual([['n1', 'peer'], ['n2', 'peer'], ['n3', 'peer']]);
    expect(s.warnings.filter((w) => /split brain|add it as a seed/.test(w))).toEqual([]);
    expect(s.links.map((l) => [l.from, l.to, l.state])).toEqual([[N2, N1, 'streaming'], [N3, N1, 'streaming']]);
    expect(s.links[0]!.lag.source).toMatch(/the provider's slot .* could not be read/);
    expect(s.unread?.map((u) => [u.nodeId, u.what])).toEqual([[N2, "pglogical's nodes and subscriptions"], [N3, "pglogical's nodes and subscriptions"]]);
  });

  it('...and the headline says partly read (amber), naming n2 and n3, never healthy', () => {
    const s = meshOf(threePrimaries(), [N1, N2, N3], new Map([[N1, n1Top]]));
    const h = clusterHeadline({ sample: s, kind: 'multi-primary', available: [], limits, previous: null });
    expect(h.state).toBe('partly-read');
    expect(headlineSeverity(h.state)).toBe('warn');
    expect(h.title).toBe("partly read: could not read pglogical's nodes and subscriptions on n2; pglogical's nodes and subscriptions on n3");
    expect(h.nodes).toEqual(['n2', 'n3']);
  });

  it('pure pg_monitor: one node found, its catalog unread: a peer, and the headline partly read, not "healthy · 1 nodes · PRIMARY"', () => {
    const s = meshOf(threePrimaries([N1]), [N1], new Map());
    expect(s.nodes.map((n) => n.role)).toEqual(['peer']);
    const h = clusterHeadline({ sample: s, kind: 'multi-primary', available: [], limits, previous: null });
    expect(h.state).toBe('partly-read');
    expect(h.title).toContain("could not read pglogical's nodes and subscriptions on n1");
    expect(h.suggestion?.text).toMatch(/its warning says why and which grant it needs/);
  });

  it('every catalog read: healthy, nothing unread', () => {
    const all = new Map([N1, N2, N3].map((id) => [id, { ...n1Top, localNode: NAMES[id]!, subscriptions: [] }]));
    const s = meshOf(threePrimaries(), [N1, N2, N3], all);
    expect(s.unread).toBeUndefined();
    expect(clusterHeadline({ sample: s, kind: 'multi-primary', available: [], limits, previous: null }).state).toBe('healthy');
  });

  it('a writable node that does not run pglogical keeps the split-brain warning; a provider truly off the graph still asks for a seed', () => {
    const s = meshOf(threePrimaries(), [N1, N2], new Map([[N1, { ...n1Top, nodes: n1Top.nodes.filter((n) => n.name !== 'n3') }]]));
    expect(s.nodes.find((n) => n.id === N3)?.role).toBe('primary');
    expect(s.warnings.join('\n')).toMatch(/split brain/);
    expect(s.warnings.join('\n')).toMatch(/provider n3 is not one of the nodes ReplicaDesk reads; add it as a seed/);
  });

  it('a login outside pg_monitor reads the shape only partly: the headline says so and names the grant', () => {
    const views = [up(N1, primaryReading([], { clusterName: 'n1', user: 'mon', canReadStats: false }))];
    const s = buildSample({ clusterId: 'c', takenAt: NOW - 5, now: NOW, views, queriesPerNode: 1, ghostMemory: () => ({ since: NOW, probeNote: null }) }).sample;
    const h = clusterHeadline({ sample: s, kind: 'primary-replica', available: [], limits, previous: null });
    expect(h.state).toBe('partly-read');
    expect(h.suggestion?.text).toBe('mon is not in pg_monitor: GRANT pg_monitor TO mon;');
  });
});
