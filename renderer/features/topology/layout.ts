import dagre from '@dagrejs/dagre';
import type { GraphStructure } from './store';

export const NODE_WIDTH = 184;
export const NODE_HEIGHT = 62;

export interface Position {
  x: number;
  y: number;
}

/**
 * Lays the graph out top-down (upstreams above their replicas) with dagre.
 * Pure: the same structure always gives the same positions. Positions are
 * top-left corners, as React Flow wants them. Links whose ends are not
 * nodes of the graph are ignored.
 */
export function layoutGraph(structure: Pick<GraphStructure, 'nodeIds' | 'links'>): Record<string, Position> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  const many = structure.nodeIds.length > 60;
  g.setGraph({ rankdir: 'TB', nodesep: many ? 24 : 90, ranksep: many ? 90 : 110, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const known = new Set(structure.nodeIds);
  for (const id of structure.nodeIds) g.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const link of structure.links) {
    if (known.has(link.from) && known.has(link.to) && link.from !== link.to) g.setEdge(link.from, link.to, {}, link.id);
  }
  dagre.layout(g);
  const centres: Record<string, Position> = {};
  for (const id of structure.nodeIds) {
    const n = g.node(id);
    centres[id] = { x: n.x, y: n.y };
  }
  const wrapped = wrapWideRanks(centres, structure.links, many ? 24 : 90, many ? 90 : 110);
  const out: Record<string, Position> = {};
  for (const [id, c] of Object.entries(wrapped)) {
    out[id] = { x: Math.round(c.x - NODE_WIDTH / 2), y: Math.round(c.y - NODE_HEIGHT / 2) };
  }
  return out;
}

/**
 * dagre puts every node of a rank on one line: 190 replicas of 8 upstreams
 * make a strip 40,000 px wide. Ranks wider than about 1.6·√n nodes are
 * wrapped into rows (keeping dagre's left-to-right order, so siblings stay
 * together); the ranks below move down, and the narrow ranks are placed over
 * their replicas again, bottom-up.
 */
export function wrapWideRanks(
  centres: Record<string, Position>,
  links: GraphStructure['links'],
  nodesep: number,
  ranksep: number,
): Record<string, Position> {
  const ids = Object.keys(centres);
  const perRow = Math.max(12, Math.ceil(Math.sqrt(ids.length) * 1.6));
  const at = (id: string) => centres[id] as Position;
  const byY = new Map<number, string[]>();
  for (const id of ids) byY.set(Math.round(at(id).y), [...(byY.get(Math.round(at(id).y)) ?? []), id]);
  const ranks = [...byY.keys()].sort((a, b) => a - b).map((y) => ({ y, ids: (byY.get(y) as string[]).sort((a, b) => at(a).x - at(b).x) }));
  if (ranks.every((r) => r.ids.length <= perRow)) return centres;
  const pitch = NODE_WIDTH + nodesep;
  const out: Record<string, Position> = {};
  const rankY: number[] = [];
  let shift = 0;
  for (const r of ranks) {
    rankY.push(r.y + shift);
    if (r.ids.length > perRow) shift += (Math.ceil(r.ids.length / perRow) - 1) * (NODE_HEIGHT + ranksep);
  }
  ranks.forEach((r, k) => {
    if (r.ids.length <= perRow) return;
    r.ids.forEach((id, i) => {
      const row = Math.floor(i / perRow);
      const inRow = Math.min(perRow, r.ids.length - row * perRow);
      out[id] = { x: ((i % perRow) - (inRow - 1) / 2) * pitch, y: (rankY[k] as number) + row * (NODE_HEIGHT + ranksep) };
    });
  });
  const children = new Map<string, string[]>();
  for (const l of links) children.set(l.from, [...(children.get(l.from) ?? []), l.to]);
  for (let k = ranks.length - 1; k >= 0; k--) {
    const r = ranks[k] as (typeof ranks)[number];
    if (r.ids.length > perRow) continue;
    const desired = r.ids.map((id, i) => {
      const placed = (children.get(id) ?? []).map((c) => out[c]).filter((p): p is Position => p !== undefined);
      return placed.length ? placed.reduce((sum, p) => sum + p.x, 0) / placed.length : (i - (r.ids.length - 1) / 2) * pitch;
    });
    const xs: number[] = [];
    desired.forEach((d, i) => xs.push(i === 0 ? d : Math.max(d, (xs[i - 1] as number) + pitch)));
    const drift = (xs.reduce((a, b) => a + b, 0) - desired.reduce((a, b) => a + b, 0)) / xs.length;
    r.ids.forEach((id, i) => (out[id] = { x: (xs[i] as number) - drift, y: rankY[k] as number }));
  }
  return out;
}
