import { z } from 'zod';
import { ClusterNodeSchema } from './node';
import { ReplicationLinkSchema } from './link';
import { ReplicationSlotSchema } from './slot';
import { ConsensusStateSchema } from './consensus';
import { AlarmSchema } from './event';
import { EngineDetailSchema } from '../engines';
import { PoolerReadingSchema } from './pooler';

/** One thing a sample could not read: on which node (null: the cluster), what, and why. */
export const UnreadSchema = z.object({ nodeId: z.string().nullable(), what: z.string(), reason: z.string() });
export type Unread = z.infer<typeof UnreadSchema>;

/** One consistent reading of a whole cluster. */
export const ClusterSampleSchema = z.object({
  clusterId: z.string(),
  takenAt: z.number(),
  durationMs: z.number().nonnegative(),
  nodes: z.array(ClusterNodeSchema),
  links: z.array(ReplicationLinkSchema),
  slots: z.array(ReplicationSlotSchema),
  consensus: ConsensusStateSchema.nullable(),
  /** Round-trips the driver made per reachable node for this sample. */
  queriesPerNode: z.number().nonnegative(),
  /** Things the admin should know about this reading (e.g. missing grants). */
  warnings: z.array(z.string()),
  /**
   * What this reading could not read that the cluster's shape depends on (a node's pglogical
   * catalog refused, replication views hidden): the headline says "partly read" instead of healthy.
   */
  unread: z.array(UnreadSchema).optional(),
  /** What the engine shows beyond this model, for its own panels (shared/engines). */
  engineDetail: EngineDetailSchema.nullable().optional(),
  /** PgBouncer poolers in front of the cluster, read from their admin consoles (PostgreSQL, when the spec names them). */
  poolers: z.array(PoolerReadingSchema).optional(),
  /** Alarms open after this sample (set by the monitor, not the driver): a reloaded page sees them. */
  alarms: z.array(AlarmSchema).optional(),
});
export type ClusterSample = z.infer<typeof ClusterSampleSchema>;
