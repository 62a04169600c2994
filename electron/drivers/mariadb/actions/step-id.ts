import { joinStepId, splitStepId } from '../../../core/actions/step-id';

/** What a MariaDB step does; the executor dispatches on it. */
export const MDB_STEP_OPS = [
  'verify',
  'fence',
  'wait-caught-up',
  'drain-relay',
  'promote',
  'repoint',
  'rejoin-old',
  'fence-reminder',
  // The admin's (a failover's old primary, once it is back and fenced): never executed, shown as the runbook.
  'manual-rejoin',
] as const;
export type MdbStepOp = (typeof MDB_STEP_OPS)[number];

/** A step acts on `node`; `peer` is the other node it needs (the new primary, the old one). */
export interface MdbStepRef {
  op: MdbStepOp;
  node: string;
  peer: string | null;
}

/** `op~node~peer`: everything the executor needs, so it is stateless and survives a restart. */
export function mdbStepId(ref: MdbStepRef): string {
  return joinStepId([ref.op, ref.node, ref.peer]);
}

export function parseMdbStepId(id: string): MdbStepRef | null {
  const [op, node, peer] = splitStepId(id);
  if (!op || !node || !(MDB_STEP_OPS as readonly string[]).includes(op)) return null;
  return { op: op as MdbStepOp, node, peer: peer ?? null };
}
