import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../renderer/features/topology/graph';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '../../../renderer/features/topology/layout';
import { isMesh, straightSegment } from '../../../renderer/features/topology/ring';
import { bezierPoint } from '../../../renderer/features/topology/bezier';
import { edgeLabel } from '../../../renderer/features/topology/edge-label';
import { link } from './fixtures';

const ends = (pairs: [string, string][]) => pairs.map(([from, to]) => ({ id: `${from}->${to}`, from, to }));

describe('layoutGraph', () => {
  it('puts upstreams above their replicas and cascades below those', () => {
    const pos = layoutGraph({ nodeIds: ['r1', 'p', 'c1', 'r2'], links: ends([['p', 'r1'], ['p', 'r2'], ['r1', 'c1']]) });
    expect(pos.p!.y).toBeLessThan(pos.r1!.y);
    expect(pos.r1!.y).toBe(pos.r2!.y);
    expect(pos.r1!.y).toBeLessThan(pos.c1!.y);
    expect(layoutGraph({ nodeIds: ['r1', 'p', 'c1', 'r2'], links: ends([['p', 'r1'], ['p', 'r2'], ['r1', 'c1']]) })).toEqual(pos);
  });

  it('ignores links to unknown nodes and lays out isolated nodes', () => {
    const pos = layoutGraph({ nodeIds: ['a', 'b'], links: ends([['a', 'ghost']]) });
    expect(Object.keys(pos).sort()).toEqual(['a', 'b']);
  });

  it('wraps a 200-node fan-out into rows without overlaps', () => {
    const nodeIds = ['p', ...Array.from({ length: 8 }, (_, i) => `h${i}`), ...Array.from({ length: 191 }, (_, i) => `c${i}`)];
    const links = ends([...Array.from({ length: 8 }, (_, i) => ['p', `h${i}`] as [string, string]), ...Array.from({ length: 191 }, (_, i) => [`h${i % 8}`, `c${i}`] as [string, string])]);
    const pos = layoutGraph({ nodeIds, links });
    const xs = Object.values(pos).map((p) => p.x);
    const ys = Object.values(pos).map((p) => p.y);
    const width = Math.max(...xs) - Math.min(...xs) + NODE_WIDTH;
    const height = Math.max(...ys) - Math.min(...ys) + NODE_HEIGHT;
    expect(width).toBeLessThan(8_000);
    expect(width / height).toBeLessThan(6);
    const boxes = Object.values(pos);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const overlap = Math.abs(boxes[i]!.x - boxes[j]!.x) < NODE_WIDTH && Math.abs(boxes[i]!.y - boxes[j]!.y) < NODE_HEIGHT;
        expect(overlap).toBe(false);
      }
    expect(pos.p!.y).toBeLessThan(pos.h0!.y);
    expect(pos.h0!.y).toBeLessThan(pos.c0!.y);
  });
});

describe('meshes', () => {
  it('detects multi-primary meshes and draws them on a ring with straight, side-by-side edges', () => {
    const structure = { key: 'k', nodeIds: ['a', 'b', 'c'], links: ends([['a', 'b'], ['b', 'a'], ['b', 'c'], ['c', 'b']]) };
    expect(isMesh(structure)).toBe(true);
    expect(isMesh({ nodeIds: ['p', 'r1', 'r2'], links: ends([['p', 'r1'], ['p', 'r2']]) })).toBe(false);
    const { edges } = buildGraph('c1', structure);
    const ab = edges.find((e) => e.id === 'a->b')!.data!.straight!;
    const ba = edges.find((e) => e.id === 'b->a')!.data!.straight!;
    expect(ab).not.toBeNull();
    // Opposite directions run on opposite sides of the centre line.
    expect(Math.hypot(ab.sx - ba.tx, ab.sy - ba.ty)).toBeGreaterThan(10);
  });

  it('straightSegment starts and ends on the node borders', () => {
    const s = straightSegment({ x: 0, y: 0 }, { x: 1_000, y: 0 }, 0);
    expect(s).toEqual({ sx: NODE_WIDTH, sy: NODE_HEIGHT / 2, tx: 1_000, ty: NODE_HEIGHT / 2 });
  });
});

describe('edges', () => {
  it('builds one React Flow edge per link between known nodes', () => {
    const { nodes, edges } = buildGraph('c1', { key: 'k', nodeIds: ['p', 'r'], links: ends([['p', 'r'], ['p', 'gone']]) });
    expect(nodes.map((n) => n.id)).toEqual(['p', 'r']);
    expect(edges.map((e) => [e.id, e.source, e.target])).toEqual([['p->r', 'p', 'r']]);
  });

  it('labels lag as bytes · ms, with the state when not streaming', () => {
    const l = link('p', 'r', 1.2 * 1024 * 1024);
    l.lag.ms.replay = 350;
    expect(edgeLabel(l)).toBe('1.20 MB · 350 ms');
    expect(edgeLabel({ ...l, state: 'catchup' })).toBe('catchup · 1.20 MB · 350 ms');
  });

  it('bezierPoint runs from source (t=0) to target (t=1)', () => {
    expect(bezierPoint(0, 0, 100, 200, 0)).toEqual({ x: 0, y: 0 });
    expect(bezierPoint(0, 0, 100, 200, 1)).toEqual({ x: 100, y: 200 });
  });
});
