import { z } from 'zod';

/** A lock as pg_locks reports it: what it is on, in which mode, and whether it is held or awaited. */
export const LockSchema = z.object({
  locktype: z.string(),
  /** The relation's name where it resolves (the node's monitoring database), else `oid <n> in <db>`. */
  target: z.string(),
  mode: z.string(),
  granted: z.boolean(),
});
export type Lock = z.infer<typeof LockSchema>;

/** One prepared (in-doubt) transaction on one node: `PREPARE TRANSACTION` done, COMMIT/ROLLBACK PREPARED pending. */
export const PreparedXactSchema = z.object({
  nodeId: z.string(),
  gid: z.string(),
  /** The xid, as text (it is a 32-bit counter that wraps). */
  xid: z.string(),
  preparedAt: z.number(),
  owner: z.string(),
  database: z.string(),
  /** How many xids old it is: vacuum cannot remove rows newer than this anywhere on the node. */
  xidAge: z.number().int().nonnegative(),
  /** True when it is the oldest xmin on the node: it alone holds the vacuum horizon back. */
  holdsXminHorizon: z.boolean(),
  locks: z.array(LockSchema),
  /** The sessions waiting on it (pg_blocking_pids reports a prepared blocker as pid 0; matched here by lock). */
  blocks: z.array(z.number().int()),
});
export type PreparedXact = z.infer<typeof PreparedXactSchema>;

/** One client backend, from pg_stat_activity, with who blocks it. */
export const SessionSchema = z.object({
  nodeId: z.string(),
  pid: z.number().int(),
  user: z.string().nullable(),
  database: z.string().nullable(),
  application: z.string(),
  client: z.string().nullable(),
  state: z.string().nullable(),
  waitEventType: z.string().nullable(),
  waitEvent: z.string().nullable(),
  query: z.string(),
  backendStartedAt: z.number().nullable(),
  xactStartedAt: z.number().nullable(),
  queryStartedAt: z.number().nullable(),
  stateChangedAt: z.number().nullable(),
  /** Sessions that block this one (pg_blocking_pids: hard and soft blocks). */
  blockedBy: z.array(z.number().int()),
  /** Prepared transactions (by gid) that block this one. */
  blockedByPrepared: z.array(z.string()),
});
export type Session = z.infer<typeof SessionSchema>;

/** Queries a hot standby cancelled because replay needed what they held (pg_stat_database_conflicts). */
export const StandbyConflictsSchema = z.object({
  database: z.string(),
  tablespace: z.number().int(),
  lock: z.number().int(),
  snapshot: z.number().int(),
  bufferpin: z.number().int(),
  deadlock: z.number().int(),
});
export type StandbyConflicts = z.infer<typeof StandbyConflictsSchema>;

export const NodeLockingSchema = z.object({
  nodeId: z.string(),
  readAt: z.number(),
  /** Null when the node was read; else why not. */
  error: z.string().nullable(),
  inRecovery: z.boolean(),
  /** The `max_prepared_transactions` setting: 0 means two-phase commit is off on this node. */
  maxPrepared: z.number().int(),
  prepared: z.array(PreparedXactSchema),
  /** Sessions that are blocked or block others (the rest are left out). */
  sessions: z.array(SessionSchema),
  standbyConflicts: z.array(StandbyConflictsSchema),
});
export type NodeLocking = z.infer<typeof NodeLockingSchema>;

/** One gid across the cluster: a distributed transaction prepared on one or more nodes. */
export const InDoubtSchema = z.object({
  gid: z.string(),
  nodes: z.array(z.string()),
  oldestPreparedAt: z.number(),
  /** Nodes that were read and do not hold this gid (it was committed or rolled back there, or never prepared). */
  missingOn: z.array(z.string()),
  /** Why the nodes disagree, or null. */
  disagreement: z.string().nullable(),
  overAge: z.boolean(),
});
export type InDoubt = z.infer<typeof InDoubtSchema>;

/** A blocking tree's root: a session that blocks others while not blocked itself, or a prepared transaction. */
export const BlockingChainSchema = z.object({
  nodeId: z.string(),
  root: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('session'), pid: z.number().int() }),
    z.object({ kind: z.literal('prepared'), gid: z.string() }),
  ]),
  /** Every session waiting, directly or not, behind the root. */
  waiting: z.array(z.number().int()),
  /** The longest a session in the chain has waited, from its state change. */
  longestWaitMs: z.number().nonnegative(),
  overLimit: z.boolean(),
});
export type BlockingChain = z.infer<typeof BlockingChainSchema>;

export const LockingLimitsSchema = z.object({
  /** Warn about a prepared transaction older than this. */
  preparedAgeMs: z.number().int().min(1_000).max(30 * 24 * 3_600_000).default(5 * 60_000),
  /** Warn about a blocking chain whose longest wait is past this. */
  chainWaitMs: z.number().int().min(1_000).max(24 * 3_600_000).default(30_000),
});
export type LockingLimits = z.infer<typeof LockingLimitsSchema>;

export const LockingSnapshotSchema = z.object({
  clusterId: z.string(),
  takenAt: z.number(),
  limits: LockingLimitsSchema,
  nodes: z.array(NodeLockingSchema),
  inDoubt: z.array(InDoubtSchema),
  chains: z.array(BlockingChainSchema),
});
export type LockingSnapshot = z.infer<typeof LockingSnapshotSchema>;
