import { joinStepId, splitStepId } from '../../../core/actions/step-id';

/** What a Patroni step does. */
export const PATRONI_STEP_OPS = ['patroni-switchover', 'patroni-failover', 'patroni-wait-leader', 'patroni-wait-streaming'] as const;
export type PatroniStepOp = (typeof PATRONI_STEP_OPS)[number];

/** `candidate` and `leader` are Patroni member names; the executor re-reads Patroni for URLs, so it is stateless. */
export interface PatroniStepRef {
  op: PatroniStepOp;
  candidate: string;
  leader: string | null;
}

export function patroniStepId(ref: PatroniStepRef): string {
  return joinStepId([ref.op, ref.candidate, ref.leader]);
}

export function parsePatroniStepId(id: string): PatroniStepRef | null {
  const [op, candidate, leader] = splitStepId(id);
  if (!op || !candidate || !(PATRONI_STEP_OPS as readonly string[]).includes(op)) return null;
  return { op: op as PatroniStepOp, candidate, leader: leader ?? null };
}

export const isPatroniStepId = (id: string): boolean => parsePatroniStepId(id) !== null;
