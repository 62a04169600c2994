import type { Position } from './layout';

/**
 * A point at `t` along React Flow's bezier from a bottom handle to a top
 * handle (same control points as getBezierPath). Labels sit past the middle,
 * nearer their target, so the labels of one upstream's many links spread out
 * like their targets do instead of piling up under the upstream.
 */
export function bezierPoint(sx: number, sy: number, tx: number, ty: number, t: number): Position {
  const dy = ty - sy;
  const offset = dy >= 0 ? 0.5 * dy : 0.25 * 25 * Math.sqrt(-dy);
  const [c1x, c1y, c2x, c2y] = [sx, sy + offset, tx, ty - offset];
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * sx + b * c1x + c * c2x + d * tx, y: a * sy + b * c1y + c * c2y + d * ty };
}
