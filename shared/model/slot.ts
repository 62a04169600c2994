import { z } from 'zod';

export const ReplicationSlotSchema = z.object({
  nodeId: z.string(),
  name: z.string(),
  kind: z.enum(['physical', 'logical']),
  active: z.boolean(),
  /** WAL bytes this slot keeps the server from removing. */
  retainedBytes: z.number().nonnegative().nullable(),
  /** PG13+: reserved | extended | unreserved | lost. */
  walStatus: z.string().nullable(),
  database: z.string().nullable().optional(),
});
export type ReplicationSlot = z.infer<typeof ReplicationSlotSchema>;
