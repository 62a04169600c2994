import { z } from 'zod';

/** One Galera node's wsrep state (SHOW GLOBAL STATUS LIKE 'wsrep_%'). Rates are per second between two samples. */
export const GaleraNodeSchema = z.object({
  /** wsrep_cluster_status: Primary, non-Primary or Disconnected. */
  clusterStatus: z.string(),
  /** wsrep_local_state_comment: Synced, Donor/Desynced, Joining, Joined, … */
  localState: z.string(),
  clusterSize: z.number().int().nonnegative(),
  clusterStateUuid: z.string(),
  /** wsrep_incoming_addresses, as the node reports them. */
  members: z.array(z.string()),
  flowControlPaused: z.number().nonnegative(),
  recvQueue: z.number().nonnegative(),
  sendQueue: z.number().nonnegative(),
  certFailuresPerS: z.number().nonnegative().nullable(),
  bfAbortsPerS: z.number().nonnegative().nullable(),
  lastCommitted: z.number().nullable(),
  desynced: z.boolean(),
});
export type GaleraNode = z.infer<typeof GaleraNodeSchema>;

/** The cluster as Galera sees it: components (a split shows several) and, after a full stop, which node to bootstrap. */
export const GaleraClusterSchema = z.object({
  components: z.array(z.object({ nodeIds: z.array(z.string()), primary: z.boolean() })),
  bootstrap: z.object({ nodeId: z.string(), seqno: z.number().nullable(), reason: z.string() }).nullable(),
});
export type GaleraCluster = z.infer<typeof GaleraClusterSchema>;
