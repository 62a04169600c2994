import { z } from 'zod';
import { ClusterEventKindSchema, SeveritySchema } from '../model/event';
import { ConflictEventSchema } from '../model/conflict';
import { GaleraConflictRecordSchema } from '../engines/galera-conflict';

/** Something an agent pushes as it happens. `conflict` carries the full versions when kind is conflict-detected. */
export const AgentEventSchema = z.object({
  at: z.number(),
  kind: ClusterEventKindSchema,
  severity: SeveritySchema,
  nodeId: z.string().nullable(),
  message: z.string(),
  conflict: ConflictEventSchema.omit({ clusterId: true }).optional(),
  /** A Galera conflict as the node's error log shows it (the `mariadb` agent, kind conflict-detected). Display text only. */
  galeraConflict: GaleraConflictRecordSchema.optional(),
});
export type AgentEvent = z.infer<typeof AgentEventSchema>;
