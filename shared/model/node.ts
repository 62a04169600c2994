import { z } from 'zod';

export const NodeRoleSchema = z.enum([
  'primary',
  'replica',
  'cascading-replica',
  'peer',
  'leader',
  'follower',
  'candidate',
  'unknown',
]);
export type NodeRole = z.infer<typeof NodeRoleSchema>;

/** Only the failure cases carry a reason. `down`: the cluster agrees the node is dead; `unreachable`: only we cannot reach it. */
export const NodeStatusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('up') }),
  z.object({ kind: z.literal('degraded'), reason: z.string() }),
  z.object({ kind: z.literal('down'), since: z.number(), reason: z.string() }),
  z.object({ kind: z.literal('unreachable'), since: z.number(), reason: z.string() }),
]);
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export const ClusterNodeSchema = z.object({
  /** Stable within a cluster, e.g. `127.0.0.1:5433` for PostgreSQL. */
  id: z.string().min(1),
  name: z.string(),
  address: z.string(),
  role: NodeRoleSchema,
  status: NodeStatusSchema,
  version: z.string().nullable(),
  /** PostgreSQL timeline. */
  timeline: z.number().int().nullable().optional(),
  /** Raft term (uint64 kept as a string). */
  term: z.string().nullable().optional(),
  /** Epoch ms the server started, for uptime. */
  startedAt: z.number().nullable().optional(),
  lastSeenAt: z.number().nullable(),
  /** Writes refused, for any reason: in recovery (a standby), or fenced. */
  readOnly: z.boolean().optional(),
  /** Fenced: told to refuse writes (default_transaction_read_only, an agent's fence), whatever its role. */
  fenced: z.boolean().optional(),
  /** The node's current log position (LSN, GTID, log index), as text. */
  position: z.string().nullable().optional(),
  /** Replay paused on a standby. */
  replayPaused: z.boolean().optional(),
  /** Free-form notes a driver wants the admin to read (e.g. missing privileges). */
  notes: z.array(z.string()).optional(),
});
export type ClusterNode = z.infer<typeof ClusterNodeSchema>;
