import { z } from 'zod';
import { GALERA_CONFLICTS_KEPT, GaleraLoggedConflictSchema } from './galera-conflict';

/**
 * A node's error-log agent: `connected` (it reads the log), `not-connected` (unreachable, refused, or not a `mariadb`
 * agent) or `log-unreadable` (connected, but it cannot read the file). It says nothing of the server itself.
 */
export const GaleraLogAgentStateSchema = z.object({
  state: z.enum(['connected', 'not-connected', 'log-unreadable']),
  /** The agent's URL and what it said: "reading /var/log/mysql/error.log", the connection's last error, … */
  detail: z.string(),
});
export type GaleraLogAgentState = z.infer<typeof GaleraLogAgentStateSchema>;

/** One Galera node's wsrep state (SHOW GLOBAL STATUS LIKE 'wsrep_%'). Rates are per second between two samples. */
export const GaleraNodeSchema = z.object({
  /** @@wsrep_node_name and @@wsrep_cluster_name. */
  nodeName: z.string(),
  clusterName: z.string(),
  /** wsrep_cluster_status: Primary, non-Primary or Disconnected. */
  clusterStatus: z.string(),
  /** wsrep_local_state_comment: Synced, Donor/Desynced, Joining, Joined, … */
  localState: z.string(),
  /** wsrep_ready: the node accepts queries. */
  ready: z.boolean(),
  clusterSize: z.number().int().nonnegative(),
  clusterStateUuid: z.string(),
  /** wsrep_incoming_addresses, as the node reports them. */
  members: z.array(z.string()),
  /** Fraction (0..1) of the last interval the node was paused by flow control. */
  flowControlPaused: z.number().nonnegative(),
  recvQueue: z.number().nonnegative(),
  sendQueue: z.number().nonnegative(),
  certFailuresPerS: z.number().nonnegative().nullable(),
  bfAbortsPerS: z.number().nonnegative().nullable(),
  /** The counters since the node started (wsrep_local_cert_failures, wsrep_local_bf_aborts). */
  certFailures: z.number().nonnegative().nullable(),
  bfAborts: z.number().nonnegative().nullable(),
  lastCommitted: z.number().nullable(),
  /** @@wsrep_desync=ON: out of flow control on purpose (localState then shows Donor/Desynced). */
  desynced: z.boolean(),
  /** wsrep_log_conflicts: each conflict and the victim's query go to the error log. */
  logConflicts: z.boolean(),
  /**
   * The latest conflicts this node's error log showed, newest first, through a `mariadb` node agent (spec `agents`).
   * Absent without an agent on this node.
   */
  conflicts: z.array(GaleraLoggedConflictSchema).max(GALERA_CONFLICTS_KEPT).optional(),
  /** The node's `mariadb` log agent (spec `agents`), as ReplicaDesk sees it; absent without one. */
  logAgent: GaleraLogAgentStateSchema.optional(),
});
export type GaleraNode = z.infer<typeof GaleraNodeSchema>;

/** The cluster as Galera sees it: components (a split shows several) and, after a full stop, which node to bootstrap. */
export const GaleraClusterSchema = z.object({
  /** One per distinct membership the reachable nodes report; a node no reachable node lists is in none. */
  components: z.array(z.object({ nodeIds: z.array(z.string()), primary: z.boolean() })),
  /** Set when no reachable node is Primary (or none answers): the node to bootstrap from, and how. */
  bootstrap: z.object({ nodeId: z.string(), seqno: z.number().nullable(), reason: z.string() }).nullable(),
});
export type GaleraCluster = z.infer<typeof GaleraClusterSchema>;
