import { describe, expect, it } from 'vitest';
import { buildSample, clusterKind } from '../../../../../electron/drivers/mariadb/build-sample';
import { NON_PRIMARY_REASON } from '../../../../../electron/drivers/mariadb/galera/galera-node-state';
import { ClusterSampleSchema } from '../../../../../shared/model/sample';
import { AT } from '../fixtures';
import { galera, galeraView, idOf, PORTS } from './galera-fixtures';

const [A, B, C] = PORTS.map(idOf) as [string, string, string];
const sampleOf = (views: ReturnType<typeof galeraView>[]) =>
  buildSample({ clusterId: 'c', takenAt: AT, durationMs: 5, views, queriesPerNode: 1, warnings: [] });
const detail = (s: ReturnType<typeof sampleOf>) => {
  if (s.engineDetail?.engine !== 'mariadb') throw new Error('no engine detail');
  return s.engineDetail;
};

describe('Galera in the MariaDB sample', () => {
  it('three Synced Primary nodes: peers, multi-primary, no links, one Primary component, schema-valid detail', () => {
    const views = PORTS.map((p) => galeraView(p, galera(p)));
    const s = sampleOf(views);
    expect(ClusterSampleSchema.safeParse(s).success).toBe(true);
    expect(clusterKind(views)).toBe('multi-primary');
    expect(s.nodes.map((n) => [n.role, n.status.kind])).toEqual([['peer', 'up'], ['peer', 'up'], ['peer', 'up']]);
    // Named by wsrep_node_name everywhere (nodes, Galera's warnings, desync plans), as Galera names them.
    expect(s.nodes.map((n) => n.name)).toEqual(['g1', 'g2', 'g3']);
    expect(s.links).toEqual([]);
    expect(s.warnings).toEqual([]);
    expect(detail(s).galera).toEqual({ components: [{ nodeIds: [A, B, C], primary: true }], bootstrap: null });
    expect(detail(s).nodes[A]?.galera).toMatchObject({ nodeName: 'g1', clusterStatus: 'Primary', members: [A, B, C], certFailuresPerS: null });
  });

  it('a plain MariaDB sample has no Galera detail', () => {
    const s = sampleOf([galeraView(3301, null)].map((v) => ({ ...v, last: null })));
    expect(s.engineDetail?.galera).toBeNull();
    expect(Object.values(s.engineDetail?.nodes ?? {}).map((n) => n.galera)).toEqual([null]);
  });

  it('one node cut off: the two others are the Primary component, the third unreachable and named in a warning', () => {
    const two = [A, B];
    const s = sampleOf([galeraView(3301, galera(3301, { clusterSize: 2, incomingAddresses: two })), galeraView(3302, galera(3302, { clusterSize: 2, incomingAddresses: two })), galeraView(3303, null, galera(3303))]);
    expect(s.nodes.map((n) => n.status.kind)).toEqual(['up', 'up', 'unreachable']);
    expect(s.nodes[2]?.role).toBe('peer');
    expect(detail(s).galera?.components).toEqual([{ nodeIds: [A, B], primary: true }]);
    expect(detail(s).nodes[C]?.galera).toBeNull();
    expect(s.warnings).toEqual(['Galera: the Primary component has 2 of 3 known nodes; not in any component read: g3']);
  });

  it('a split that we can read on both sides: the non-Primary node is degraded and the partition is warned', () => {
    const s = sampleOf([
      galeraView(3301, galera(3301, { clusterSize: 2, incomingAddresses: [A, B] })),
      galeraView(3302, galera(3302, { clusterSize: 2, incomingAddresses: [A, B] })),
      galeraView(3303, galera(3303, { clusterStatus: 'non-Primary', clusterSize: 1, incomingAddresses: [C], ready: false })),
    ]);
    expect(s.nodes[2]?.status).toEqual({ kind: 'degraded', reason: NON_PRIMARY_REASON });
    expect(detail(s).galera?.components).toEqual([
      { nodeIds: [A, B], primary: true },
      { nodeIds: [C], primary: false },
    ]);
    expect(detail(s).galera?.bootstrap).toBeNull();
    expect(s.warnings).toEqual(['Galera partition: g3 lost quorum (non-Primary, refusing queries); the Primary component is g1, g2']);
  });

  it('merges Primary members that list a joiner at different moments into one component', () => {
    const s = sampleOf([galeraView(3301, galera(3301, { incomingAddresses: [A, B] })), galeraView(3302, galera(3302)), galeraView(3303, galera(3303))]);
    expect(detail(s).galera?.components).toEqual([{ nodeIds: [A, B, C], primary: true }]);
  });

  it('no Primary component: bootstrap advice names the node with the highest wsrep_last_committed', () => {
    const s = sampleOf([
      galeraView(3301, galera(3301, { clusterStatus: 'non-Primary', incomingAddresses: [A], lastCommitted: 120 })),
      galeraView(3302, galera(3302, { clusterStatus: 'non-Primary', incomingAddresses: [B], lastCommitted: 125 })),
      galeraView(3303, null, galera(3303, { lastCommitted: 130 })),
    ]);
    const advice = detail(s).galera?.bootstrap;
    expect(advice).toMatchObject({ nodeId: B, seqno: 125 });
    expect(advice?.reason).toMatch(/g2 has the highest wsrep_last_committed \(125\).*SET GLOBAL wsrep_provider_options='pc\.bootstrap=YES'.*grastate\.dat.*--wsrep-recover.*galera_new_cluster/s);
    expect(advice?.reason).toMatch(/g3 does not answer and had 130 when last read: if it still runs, it may be further ahead/);
    expect(s.warnings).toEqual(['Galera: no Primary component: g1 / g2 lost quorum and refuse queries; see the bootstrap advice']);
  });

  it('no node answers: the advice points at grastate.dat, with the last-seen seqno as a hint', () => {
    const s = sampleOf([galeraView(3301, null, galera(3301, { lastCommitted: 90 })), galeraView(3302, null, galera(3302, { lastCommitted: 95 }))]);
    expect(detail(s).galera?.bootstrap).toMatchObject({ nodeId: B, seqno: 95, reason: expect.stringMatching(/^no Galera node answers.*safe_to_bootstrap/s) });
  });

  it('states that are not Synced are degraded with their reason', () => {
    const s = sampleOf([
      galeraView(3301, galera(3301, { desync: true, localState: 'Donor/Desynced' })),
      galeraView(3302, galera(3302, { localState: 'Donor/Desynced' })),
      galeraView(3303, galera(3303, { localState: 'Joined' })),
    ]);
    expect(s.nodes.map((n) => (n.status.kind === 'degraded' ? n.status.reason : n.status.kind))).toEqual([
      expect.stringMatching(/^Donor\/Desynced: wsrep_desync=ON/),
      'Donor/Desynced: sending a state transfer (SST) to a joining node',
      'Joined: applying what it missed; Synced once caught up',
    ]);
    expect(detail(s).nodes[A]?.galera?.desynced).toBe(true);
    expect(detail(s).nodes[B]?.galera?.desynced).toBe(false);
  });
});
