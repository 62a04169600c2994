import { describe, expect, it } from 'vitest';
import { diffSamples } from '../../../electron/core/events/sample-differ';
import type { ClusterSample } from '../../../shared/model/sample';
import { link, node } from '../../support/fake-driver';

const base = (over: Partial<ClusterSample>): ClusterSample => ({
  clusterId: 'c', takenAt: 1, durationMs: 1, nodes: [node('p', 'primary'), node('r', 'replica')],
  links: [link('p', 'r', 0)], slots: [], consensus: null, queriesPerNode: 1, warnings: [], ...over,
});
const kinds = (prev: ClusterSample | null, next: ClusterSample) => diffSamples(prev, next).map((e) => e.kind);

describe('diffSamples (fact events; conditions are alarms)', () => {
  it('reports nothing when nothing changed', () => {
    expect(kinds(base({}), base({}))).toEqual([]);
  });
  it('reports a role change (promotion) by display name', () => {
    const named = (n: ReturnType<typeof node>) => ({ ...n, name: `name-${n.id}` });
    const events = diffSamples(base({ nodes: [node('p', 'primary'), node('r', 'replica')].map(named) }), base({ nodes: [node('p', 'primary'), node('r', 'primary')].map(named) }));
    expect(events.map((e) => e.kind)).toEqual(['role-change']);
    expect(events[0]!.message).toBe('name-r changed role: replica → primary');
  });
  it('reports a link that ended, once', () => {
    const ended = base({ links: [{ ...link('p', 'r', 0), state: 'ended' }] });
    expect(kinds(base({}), ended)).toEqual(['link-ended']);
    expect(kinds(ended, ended)).toEqual([]);
  });
  it('reports a new Raft leader', () => {
    const c = (leaderId: string, term: string) => base({ consensus: { leaderId, term, members: [] } });
    expect(kinds(c('a', '1'), c('b', '2'))).toEqual(['leader-change']);
  });
});
