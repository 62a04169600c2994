import { joinStepId, splitStepId } from '../../../core/actions/step-id';

export const POOLER_OPS = ['pooler-pause', 'pooler-repoint', 'pooler-resume', 'pooler-write'] as const;
export type PoolerOp = (typeof POOLER_OPS)[number];

/**
 * A pooler step: `op~poolerId~node~old`. `node` is the new primary (repoint, write) or the old one (pause);
 * `old` is the primary a repoint moves entries away from.
 */
export interface PoolerStepRef {
  op: PoolerOp;
  pooler: string;
  node: string | null;
  old: string | null;
}

export function poolerStepId(r: PoolerStepRef): string {
  // An empty part would shift the rest: keep a placeholder.
  return joinStepId([r.op, r.pooler, r.node ?? '-', r.old ?? '-']);
}

export function parsePoolerStepId(id: string): PoolerStepRef | null {
  const [op, pooler, node, old] = splitStepId(id);
  if (!op || !pooler || !(POOLER_OPS as readonly string[]).includes(op)) return null;
  const v = (x: string | undefined) => (x && x !== '-' ? x : null);
  return { op: op as PoolerOp, pooler, node: v(node), old: v(old) };
}
