import { z } from 'zod';

/**
 * PgBouncer poolers in front of a PostgreSQL cluster: how they are configured
 * (in the cluster spec) and what ReplicaDesk reads from their admin console.
 */

const hostName = z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.:\-_[\]]+$/, 'a host name or IP address');

/** A pooler's agent (`replicadesk-agent --backend pgbouncer` beside it): it rewrites `[databases]` and RELOADs. */
export const PoolerAgentSchema = z.object({
  url: z.string().trim().regex(/^wss?:\/\/.+/, 'an agent URL starts with ws:// or wss://'),
  token: z.string().min(1, 'the agent token is required'),
});

/** One PgBouncer admin endpoint in a cluster spec. `password` and the agent token are secrets. */
export const PoolerSpecSchema = z.object({
  name: z.string().trim().min(1, 'give the pooler a name').max(64),
  host: hostName,
  port: z.number().int().min(1).max(65_535),
  /** A user listed in PgBouncer's `admin_users`. */
  user: z.string().trim().min(1, 'the admin user is required').max(63),
  password: z.string().max(1_000),
  agent: PoolerAgentSchema.optional(),
  /** A switchover's PAUSE must complete within this, else it RESUMEs and aborts before the old primary is touched. */
  pauseTimeoutMs: z.number().int().min(100).max(60_000).default(2_000),
});
export type PoolerSpec = z.infer<typeof PoolerSpecSchema>;

export const PoolerStatusSchema = z.enum(['ok', 'unreachable', 'auth-failed', 'not-admin', 'error']);
export type PoolerStatus = z.infer<typeof PoolerStatusSchema>;

export const PoolModeSchema = z.enum(['session', 'transaction', 'statement']);

/** A `[databases]` entry as SHOW DATABASES gives it, with the cluster node it routes to (null: none of ours). */
export const PoolerDatabaseSchema = z.object({
  name: z.string(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  /** The server-side database name. */
  dbname: z.string().nullable(),
  targetNodeId: z.string().nullable(),
  paused: z.boolean(),
  /** It has routed to the writable primary while ReplicaDesk watched: its clients write (a read-only route to a standby never did). */
  writeRoute: z.boolean().default(false),
});
export type PoolerDatabase = z.infer<typeof PoolerDatabaseSchema>;

export const PoolerAgentStatusSchema = z.enum(['none', 'connecting', 'ready', 'cannot-repoint']);

export const PoolerReadingSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  status: PoolerStatusSchema,
  /** Why the status is not ok. */
  error: z.string().nullable(),
  version: z.string().nullable(),
  poolMode: PoolModeSchema.nullable(),
  serverLoginRetryS: z.number().nullable(),
  queryWaitTimeoutS: z.number().nullable(),
  databases: z.array(PoolerDatabaseSchema),
  clientsActive: z.number().int().nonnegative(),
  clientsWaiting: z.number().int().nonnegative(),
  /** Server connections by cluster node id (`other` for addresses that are not ours). */
  serverConnsByNode: z.record(z.string(), z.number().int().nonnegative()),
  /** The pooler's own addresses as the servers see them (SHOW SERVERS local_addr): to tell pooled sessions from direct ones. */
  localAddrs: z.array(z.string()),
  agent: PoolerAgentStatusSchema,
  /**
   * Since when this ReplicaDesk's own switchover holds it paused (a global PAUSE, which PgBouncer 1.18 shows in no
   * SHOW command); null when no run of ours holds it. A database paused by anyone shows in `databases[].paused`.
   */
  heldPausedSince: z.number().nullable().default(null),
  readAt: z.number(),
});
export type PoolerReading = z.infer<typeof PoolerReadingSchema>;

/** The pooler's id in samples, plans and step ids: `pooler:host:port`. */
export function poolerId(p: Pick<PoolerSpec, 'host' | 'port'>): string {
  return `pooler:${p.host}:${p.port}`;
}
