import { describe, expect, it } from 'vitest';
import { foldSample } from '../../../renderer/features/topology/store';
import { link, node, sample } from './fixtures';

const nodes = () => [node('p', { role: 'primary' }), node('r1'), node('r2')];

describe('topology store: the graph structure', () => {
  it('is kept when only lag figures and last-seen times change (no re-layout)', () => {
    const first = foldSample(undefined, sample('c1', 1_000, nodes(), [link('p', 'r1', 1), link('p', 'r2', 1)]));
    const second = foldSample(first, sample('c1', 2_000, nodes().map((n) => ({ ...n, lastSeenAt: 2_000 })), [link('p', 'r1', 9, 2_000), link('p', 'r2', 7, 2_000)]));
    expect(second.links).not.toBe(first.links);
    expect(second.structure).toBe(first.structure);
  });

  it('changes when a link keeps its id but runs between other nodes', () => {
    const moved = { ...link('p', 'r2'), id: 'p->r1' };
    const first = foldSample(undefined, sample('c1', 1_000, nodes(), [link('p', 'r1')]));
    const second = foldSample(first, sample('c1', 2_000, nodes(), [moved]));
    expect(second.structure).not.toBe(first.structure);
    expect(second.structure.links).toEqual([{ id: 'p->r1', from: 'p', to: 'r2' }]);
  });

  it('changes when a link is replaced by another one', () => {
    const first = foldSample(undefined, sample('c1', 1_000, nodes(), [link('p', 'r1')]));
    const second = foldSample(first, sample('c1', 2_000, nodes(), [link('r1', 'r2')]));
    expect(second.structure.links.map((l) => l.id)).toEqual(['r1->r2']);
  });
});
