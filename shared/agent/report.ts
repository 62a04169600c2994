import { z } from 'zod';
import { ClusterNodeSchema } from '../model/node';
import { ReplicationLinkSchema } from '../model/link';
import { ReplicationSlotSchema } from '../model/slot';
import { ConsensusMemberSchema } from '../model/consensus';
import { ClusterKindSchema } from '../model/cluster';

/**
 * What one agent reports about the node it runs beside. The app merges the
 * reports of every agent of a cluster into one ClusterSample.
 * `links` are the node's *incoming* replication links (to === node.id),
 * with lag computed where the data is (the receiving side).
 */
export const NodeReportSchema = z.object({
  clusterKind: ClusterKindSchema,
  node: ClusterNodeSchema,
  links: z.array(ReplicationLinkSchema),
  slots: z.array(ReplicationSlotSchema),
  consensus: ConsensusMemberSchema.nullable(),
  /** Epoch ms on the agent's clock when the report was taken. */
  takenAt: z.number(),
});
export type NodeReport = z.infer<typeof NodeReportSchema>;
