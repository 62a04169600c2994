import { beforeEach, describe, expect, it } from 'vitest';
import { applyDelta } from '../../../renderer/app/connect-stores';
import { useConnection } from '../../../renderer/app/connection-store';
import { selectCluster, useClusters } from '../../../renderer/features/clusters/store';
import { eventIdsFor, leaderChanges, MAX_EVENTS, useEvents } from '../../../renderer/features/events/store';
import { LAG_WINDOW_MS, MAX_POINTS_PER_LINK, seriesOf, useLag } from '../../../renderer/features/lag/store';
import { useTopology } from '../../../renderer/features/topology/store';
import { cluster, delta, event, link, node, point, sample } from './fixtures';
import { resetStores } from './reset';

beforeEach(resetStores);

describe('applyDelta → clusters', () => {
  it('adds clusters, selects the first, and keeps the state object when nothing changed', () => {
    applyDelta(delta({ clusters: [cluster('c1'), cluster('c2')] }));
    const s = useClusters.getState();
    expect(s.ids).toEqual(['c1', 'c2']);
    expect(s.selectedId).toBe('c1');
    applyDelta(delta({ seq: 2, clusters: [cluster('c1')] }));
    expect(useClusters.getState()).toBe(s);
  });

  it('updates a cluster status and moves the selection off a removed cluster', () => {
    applyDelta(delta({ clusters: [cluster('c1'), cluster('c2')] }));
    selectCluster('c2');
    applyDelta(delta({ clusters: [cluster('c2', { status: { kind: 'failed', reason: 'auth failed', retryAt: null } })] }));
    expect(useClusters.getState().byId.c2?.status.kind).toBe('failed');
    applyDelta(delta({ removedClusterIds: ['c2'] }));
    expect(useClusters.getState().ids).toEqual(['c1']);
    expect(useClusters.getState().selectedId).toBe('c1');
  });
});

describe('applyDelta → topology', () => {
  const nodes = () => [node('p', { role: 'primary' }), node('r1'), node('r2')];
  const links = (bytes = 100) => [link('p', 'r1', bytes), link('p', 'r2', bytes)];

  it('normalises the sample and keeps the graph structure across samples with the same nodes and links', () => {
    applyDelta(delta({ samples: [sample('c1', 1_000, nodes(), links())] }));
    const first = useTopology.getState().byCluster.c1!;
    expect(first.nodes.ids).toEqual(['p', 'r1', 'r2']);
    expect(first.links.byId['p->r1']?.lag.bytes.replay).toBe(100);
    applyDelta(delta({ samples: [sample('c1', 2_000, nodes(), links(500))] }));
    const second = useTopology.getState().byCluster.c1!;
    expect(second.links.byId['p->r1']?.lag.bytes.replay).toBe(500);
    expect(second.structure).toBe(first.structure);
    expect(second.nodes).toBe(first.nodes); // identical node data: same object, no re-render
  });

  it('changes the structure when a node joins, and ignores a sample older than the current one', () => {
    applyDelta(delta({ samples: [sample('c1', 2_000, nodes(), links())] }));
    const before = useTopology.getState().byCluster.c1!;
    applyDelta(delta({ samples: [sample('c1', 1_000, [node('p')], [])] }));
    expect(useTopology.getState().byCluster.c1).toBe(before);
    applyDelta(delta({ samples: [sample('c1', 3_000, [...nodes(), node('r3')], [...links(), link('p', 'r3')])] }));
    const after = useTopology.getState().byCluster.c1!;
    expect(after.structure).not.toBe(before.structure);
    expect(after.structure.nodeIds).toContain('r3');
  });

  it('re-delivering the same sample changes nothing', () => {
    const s = sample('c1', 1_000, nodes(), links());
    applyDelta(delta({ samples: [s] }));
    const state = useTopology.getState();
    applyDelta(delta({ samples: [structuredClone(s)] }));
    expect(useTopology.getState()).toBe(state);
  });
});

describe('applyDelta → events', () => {
  it('keeps events newest first, without duplicates, capped', () => {
    applyDelta(delta({ events: [event('a', 'c1', 10), event('b', 'c1', 30)] }));
    applyDelta(delta({ events: [event('c', 'c2', 20), event('a', 'c1', 10)] }));
    expect(useEvents.getState().ids).toEqual(['b', 'c', 'a']);
    expect(eventIdsFor(useEvents.getState(), 'c1')).toEqual(['b', 'a']);
    const many = Array.from({ length: MAX_EVENTS + 50 }, (_, i) => event(`e${i}`, 'c1', 1_000 + i));
    applyDelta(delta({ events: many }));
    const ids = useEvents.getState().ids;
    expect(ids).toHaveLength(MAX_EVENTS);
    expect(ids[0]).toBe(`e${MAX_EVENTS + 49}`);
    expect(Object.keys(useEvents.getState().byId)).toHaveLength(MAX_EVENTS);
  });

  it('lists leader changes oldest first for the consensus timeline', () => {
    applyDelta(
      delta({
        events: [
          event('l1', 'c1', 10, { kind: 'leader-change', nodeId: 'n1' }),
          event('x', 'c1', 15),
          event('l2', 'c1', 20, { kind: 'leader-change', nodeId: 'n2' }),
          event('l3', 'c2', 25, { kind: 'leader-change' }),
        ],
      }),
    );
    expect(leaderChanges(useEvents.getState(), 'c1').map((e) => e.id)).toEqual(['l1', 'l2']);
  });
});

describe('applyDelta → lag points', () => {
  it('appends points per link and bounds them by window and count', () => {
    applyDelta(delta({ lagPoints: [1, 2, 3].map((s) => ({ clusterId: 'c1', linkId: 'p->r1', point: point(s * 1_000) })) }));
    expect(seriesOf(useLag.getState(), 'c1', 'p->r1').map((p) => p.at)).toEqual([1_000, 2_000, 3_000]);
    const late = LAG_WINDOW_MS + 10_000;
    applyDelta(delta({ lagPoints: [{ clusterId: 'c1', linkId: 'p->r1', point: point(late) }] }));
    expect(seriesOf(useLag.getState(), 'c1', 'p->r1').map((p) => p.at)).toEqual([late]);
    const flood = Array.from({ length: MAX_POINTS_PER_LINK + 500 }, (_, i) => ({ clusterId: 'c1', linkId: 'x', point: point(late + i) }));
    applyDelta(delta({ lagPoints: flood }));
    expect(seriesOf(useLag.getState(), 'c1', 'x')).toHaveLength(MAX_POINTS_PER_LINK);
  });

  it('leaves other links untouched and forgets a removed cluster everywhere', () => {
    applyDelta(
      delta({
        clusters: [cluster('c1'), cluster('c2')],
        samples: [sample('c1', 1, [node('a')])],
        events: [event('e', 'c1', 1)],
        lagPoints: [
          { clusterId: 'c1', linkId: 'l', point: point(1) },
          { clusterId: 'c2', linkId: 'l', point: point(1) },
        ],
      }),
    );
    const c2 = seriesOf(useLag.getState(), 'c2', 'l');
    applyDelta(delta({ lagPoints: [{ clusterId: 'c1', linkId: 'l', point: point(2) }] }));
    expect(seriesOf(useLag.getState(), 'c2', 'l')).toBe(c2);
    applyDelta(delta({ removedClusterIds: ['c1'] }));
    expect(useClusters.getState().ids).toEqual(['c2']);
    expect(useTopology.getState().byCluster.c1).toBeUndefined();
    expect(seriesOf(useLag.getState(), 'c1', 'l')).toHaveLength(0);
    expect(useEvents.getState().ids).toEqual([]);
  });
});

describe('connection store', () => {
  it('counts deltas and dropped items', () => {
    applyDelta(delta({ seq: 7, at: 123, dropped: 2 }));
    applyDelta(delta({ seq: 8, at: 456, dropped: 3 }));
    const s = useConnection.getState();
    expect([s.lastSeq, s.lastDeltaAt, s.deltasReceived, s.droppedTotal]).toEqual([8, 456, 2, 5]);
  });
});
