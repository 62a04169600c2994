import { z } from 'zod';

/** One member of a consensus group. Raft ids and indexes are uint64: kept as strings. */
export const ConsensusMemberSchema = z.object({
  nodeId: z.string(),
  memberId: z.string(),
  role: z.enum(['leader', 'follower', 'candidate', 'learner', 'unknown']),
  term: z.string(),
  commitIndex: z.string(),
  appliedIndex: z.string(),
  lastContactAt: z.number().nullable(),
  dbSizeBytes: z.number().nullable().optional(),
  alarms: z.array(z.string()).optional(),
});
export type ConsensusMember = z.infer<typeof ConsensusMemberSchema>;

export const ConsensusStateSchema = z.object({
  leaderId: z.string().nullable(),
  term: z.string(),
  members: z.array(ConsensusMemberSchema),
});
export type ConsensusState = z.infer<typeof ConsensusStateSchema>;
