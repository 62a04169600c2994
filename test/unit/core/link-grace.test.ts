import { describe, expect, it } from 'vitest';
import { LinkGrace } from '../../../electron/core/monitor/link-grace';
import type { ClusterSample } from '../../../shared/model/sample';
import { link, node } from '../../support/fake-driver';

const at = (takenAt: number, links = [link('p', 'r', 10, 50)]): ClusterSample => ({
  clusterId: 'c', takenAt, durationMs: 1, nodes: [node('p', 'primary'), node('r', 'replica')],
  links, slots: [], consensus: null, queriesPerNode: 1, warnings: [],
});

describe('LinkGrace: a link that ended is shown as ended, without lag, then removed', () => {
  it('marks a link no longer reported as ended with null lag, and removes it after the grace period', () => {
    const g = new LinkGrace(10_000);
    g.apply(at(1_000));
    const ended = g.apply(at(2_000, []));
    expect(ended.links).toMatchObject([{ id: 'p->r', state: 'ended', endedAt: 2_000 }]);
    expect(ended.links[0]!.lag.bytes.replay).toBeNull();
    expect(ended.links[0]!.lag.ms.replay).toBeNull();
    // The lag does not grow while it is shown.
    const later = g.apply(at(8_000, []));
    expect(later.links[0]!.lag).toEqual(ended.links[0]!.lag);
    expect(g.apply(at(12_000, [])).links).toEqual([]);
  });

  it('is not ended while neither side answers (nobody can say); ends once a side answers without it (trial 21)', () => {
    const g = new LinkGrace(10_000);
    const blind = (takenAt: number): ClusterSample => {
      const s = at(takenAt, []);
      return { ...s, nodes: s.nodes.map((n) => ({ ...n, status: { kind: 'unreachable' as const, since: 1_500, reason: 'password authentication failed' } })) };
    };
    g.apply(at(1_000));
    expect(g.apply(blind(2_000)).links).toEqual([]);
    expect(g.apply(blind(30_000)).links).toEqual([]); // no "ended", however long
    expect(g.apply(at(31_000)).links).toMatchObject([{ id: 'p->r', state: 'streaming' }]); // back: live, never ended
    g.apply(blind(32_000));
    expect(g.apply(at(33_000, [])).links).toMatchObject([{ id: 'p->r', state: 'ended', endedAt: 33_000 }]);
  });

  it('a link reported again within the grace period is live again', () => {
    const g = new LinkGrace(10_000);
    g.apply(at(1_000));
    g.apply(at(2_000, []));
    expect(g.apply(at(3_000)).links).toMatchObject([{ state: 'streaming' }]);
  });

  it('drops an ended link whose node left the reading', () => {
    const g = new LinkGrace(10_000);
    g.apply(at(1_000));
    expect(g.apply({ ...at(2_000, []), nodes: [node('p', 'primary')] }).links).toEqual([]);
  });
});
