import { NODE_HEIGHT, NODE_WIDTH, type Position } from './layout';
import type { GraphStructure } from './store';

/**
 * Multi-primary meshes (most links run both ways) have no "upstream on top":
 * a layered layout stacks them in a column with every edge on top of the
 * next. They are drawn on a ring instead, with straight edges.
 */
export function isMesh(structure: Pick<GraphStructure, 'nodeIds' | 'links'>): boolean {
  if (structure.nodeIds.length < 3 || structure.links.length === 0) return false;
  const pairs = new Set(structure.links.map((l) => `${l.from}\n${l.to}`));
  const mutual = structure.links.filter((l) => pairs.has(`${l.to}\n${l.from}`)).length;
  return mutual / structure.links.length >= 0.5;
}

/** Top-left corners on an ellipse wider than tall (the pane is wide), first node at the top. */
export function ringLayout(nodeIds: readonly string[]): Record<string, Position> {
  const n = nodeIds.length;
  const r = Math.max(170, (n * (NODE_WIDTH + 30)) / (2 * Math.PI));
  const out: Record<string, Position> = {};
  nodeIds.forEach((id, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    out[id] = {
      x: Math.round(r * 1.5 * Math.cos(angle) - NODE_WIDTH / 2),
      y: Math.round(r * 0.85 * Math.sin(angle) - NODE_HEIGHT / 2),
    };
  });
  return out;
}

/**
 * A straight edge between two node boxes (given by their top-left corners),
 * from border to border, moved `offset` px to its right so that A→B and
 * B→A run side by side instead of on top of each other.
 */
export function straightSegment(from: Position, to: Position, offset: number): { sx: number; sy: number; tx: number; ty: number } {
  const a = { x: from.x + NODE_WIDTH / 2, y: from.y + NODE_HEIGHT / 2 };
  const b = { x: to.x + NODE_WIDTH / 2, y: to.y + NODE_HEIGHT / 2 };
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const [px, py] = [(-dy / len) * offset, (dx / len) * offset];
  // Scale at which the centre-to-centre ray leaves a box.
  const exit = Math.min(NODE_WIDTH / 2 / Math.max(Math.abs(dx), 1e-9), NODE_HEIGHT / 2 / Math.max(Math.abs(dy), 1e-9));
  return { sx: a.x + dx * exit + px, sy: a.y + dy * exit + py, tx: b.x - dx * exit + px, ty: b.y - dy * exit + py };
}
