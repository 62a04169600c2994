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
  /**
   * Set by an agent that reads a log and nothing else (the `mariadb` backend): the file and whether it can read it.
   * Such an agent does not know the database's state: its `node` then has role `unknown` and a status that says so.
   */
  logReader: z
    .object({
      path: z.string(),
      readable: z.boolean(),
      /** Why it cannot read the file (ENOENT, EACCES, …); null while readable. */
      reason: z.string().nullable(),
    })
    .optional(),
});
export type NodeReport = z.infer<typeof NodeReportSchema>;
