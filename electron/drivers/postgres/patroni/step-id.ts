/** What a Patroni step does. */
export const PATRONI_STEP_OPS = ['patroni-switchover', 'patroni-failover', 'patroni-wait-leader', 'patroni-wait-streaming'] as const;
export type PatroniStepOp = (typeof PATRONI_STEP_OPS)[number];

/** `candidate` and `leader` are Patroni member names; the executor re-reads Patroni for URLs, so it is stateless. */
export interface PatroniStepRef {
  op: PatroniStepOp;
  candidate: string;
  leader: string | null;
}

const SEP = '~';
// encodeURIComponent leaves '~' alone: encode it too, so a member name cannot split the id.
const enc = (s: string) => encodeURIComponent(s).replaceAll('~', '%7E');

export function patroniStepId(ref: PatroniStepRef): string {
  return [ref.op, ref.candidate, ...(ref.leader ? [ref.leader] : [])].map(enc).join(SEP);
}

export function parsePatroniStepId(id: string): PatroniStepRef | null {
  const [op, candidate, leader] = id.split(SEP).map(decodeURIComponent);
  if (!op || !candidate || !(PATRONI_STEP_OPS as readonly string[]).includes(op)) return null;
  return { op: op as PatroniStepOp, candidate, leader: leader ?? null };
}

export const isPatroniStepId = (id: string): boolean => parsePatroniStepId(id) !== null;
