import { joinStepId, splitStepId } from '../../../core/actions/step-id';

/** What a step does; the executor dispatches on it. */
export const STEP_OPS = [
  'verify',
  'fence',
  'unfence',
  'host-stop',
  'wait-caught-up',
  'promote',
  'wait-writable',
  'repoint',
  'wait-streaming',
  'checkpoint',
  'rewind',
  'standby-config',
  'host-start',
  'fence-reminder',
  // Left to the admin (no agent on the host): never executed, shown as the runbook.
  'manual-checkpoint',
  'manual-stop',
  'manual-rewind',
  'manual-config',
  'manual-standby-signal',
  'manual-start',
] as const;
export type StepOp = (typeof STEP_OPS)[number];

/** A step acts on `node`; `peer` is the other node it needs (the new primary, the old one). */
export interface StepRef {
  op: StepOp;
  node: string;
  peer: string | null;
}

/** Step ids carry everything the executor needs, so it is stateless and survives a restart. */
export function stepId(ref: StepRef): string {
  return joinStepId([ref.op, ref.node, ref.peer]);
}

export function parseStepId(id: string): StepRef | null {
  const [op, node, peer] = splitStepId(id);
  if (!op || !node || !(STEP_OPS as readonly string[]).includes(op)) return null;
  return { op: op as StepOp, node, peer: peer ?? null };
}
