import { describe, expect, it } from 'vitest';
import { diffSamples } from '../../../electron/core/events/sample-differ';
import type { ClusterSample } from '../../../shared/model/sample';
import { link, node } from '../../support/fake-driver';

const limits = { lagThresholdBytes: 1_000, lagThresholdMs: 1_000 };
const base = (over: Partial<ClusterSample>): ClusterSample => ({
  clusterId: 'c', takenAt: 1, durationMs: 1, nodes: [node('p', 'primary'), node('r', 'replica')],
  links: [link('p', 'r', 0)], slots: [], consensus: null, queriesPerNode: 1, warnings: [], ...over,
});
const kinds = (prev: ClusterSample | null, next: ClusterSample) => diffSamples(prev, next, 'primary-replica', limits).map((e) => e.kind);

describe('diffSamples', () => {
  it('reports nothing when nothing changed', () => {
    expect(kinds(base({}), base({}))).toEqual([]);
  });
  it('reports a node going down and coming back', () => {
    const down = base({ nodes: [node('p', 'primary'), node('r', 'replica', { kind: 'down', since: 1, reason: 'refused' })] });
    expect(kinds(base({}), down)).toEqual(['node-down']);
    expect(kinds(down, base({}))).toEqual(['node-up']);
  });
  it('reports a role change (promotion)', () => {
    expect(kinds(base({}), base({ nodes: [node('p', 'primary'), node('r', 'primary')] }))).toContain('role-change');
  });
  it('reports lag over the threshold once, and its recovery', () => {
    const over = base({ links: [link('p', 'r', 5_000)] });
    expect(kinds(base({}), over)).toEqual(['lag-threshold']);
    expect(kinds(over, over)).toEqual([]);
    expect(kinds(over, base({}))).toEqual(['lag-recovered']);
  });
  it('reports a broken link', () => {
    expect(kinds(base({}), base({ links: [{ ...link('p', 'r', 0), state: 'stopped' }] }))).toEqual(['link-broken']);
  });
  it('flags an inactive slot retaining WAL', () => {
    const slot = { nodeId: 'p', name: 's1', kind: 'physical' as const, active: false, retainedBytes: 3e9, walStatus: 'extended' };
    const events = diffSamples(base({}), base({ slots: [slot] }), 'primary-replica', limits);
    expect(events.map((e) => e.kind)).toEqual(['slot-inactive']);
    expect(events[0]!.message).toContain('2.8 GB');
  });
  it('flags split brain when two writable primaries appear', () => {
    expect(kinds(base({}), base({ nodes: [node('p', 'primary'), node('r', 'primary')] }))).toContain('split-brain');
  });
  it('reports a new Raft leader', () => {
    const c = (leaderId: string, term: string) => base({ consensus: { leaderId, term, members: [] } });
    expect(diffSamples(c('a', '1'), c('b', '2'), 'consensus', limits).map((e) => e.kind)).toEqual(['leader-change']);
  });
});
