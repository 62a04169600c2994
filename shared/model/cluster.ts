import { z } from 'zod';
import { PoolerSpecSchema } from './pooler';

export const EngineSchema = z.enum(['postgres', 'agent', 'etcd', 'mariadb', 'redis']);
export type Engine = z.infer<typeof EngineSchema>;

export const ClusterKindSchema = z.enum(['primary-replica', 'multi-primary', 'consensus']);
export type ClusterKind = z.infer<typeof ClusterKindSchema>;

export const SAMPLE_INTERVAL_MIN_MS = 250;
export const SAMPLE_INTERVAL_MAX_MS = 60_000;
export const SAMPLE_INTERVAL_DEFAULT_MS = 1_000;

const sampleIntervalMs = z
  .number()
  .int()
  .min(SAMPLE_INTERVAL_MIN_MS, `the sample interval must be at least ${SAMPLE_INTERVAL_MIN_MS} ms`)
  .max(SAMPLE_INTERVAL_MAX_MS, `the sample interval must be at most ${SAMPLE_INTERVAL_MAX_MS} ms`);

const name = z.string().trim().min(1, 'give the cluster a name').max(80);

/** A libpq URI (`postgres://…`) or key=value string; parsed and checked by the driver. */
const connectionString = z.string().trim().min(1, 'a connection string is required');

/** An http(s) base URL of a REST API (Patroni, etcd's gateway). */
const httpUrl = z.string().trim().regex(/^https?:\/\/[^\s/]+\/?$/i, 'a URL like http://10.0.0.5:8008');

export const NODE_ALIAS_MAX_CHARS = 64;

/** A display name the admin gives a node (shown instead of its cluster_name everywhere). */
export const NodeAliasSchema = z
  .string()
  .trim()
  .min(1, 'an alias cannot be empty')
  .max(NODE_ALIAS_MAX_CHARS, `an alias is at most ${NODE_ALIAS_MAX_CHARS} characters`);

/** The alias of each node, by node id; two nodes never share one. */
export const NodeAliasesSchema = z.record(z.string().min(1), NodeAliasSchema).superRefine((aliases, ctx) => {
  const seen = new Map<string, string>();
  for (const [nodeId, alias] of Object.entries(aliases)) {
    const key = alias.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) ctx.addIssue({ code: 'custom', path: [nodeId], message: `"${alias}" is already the alias of ${other}` });
    else seen.set(key, nodeId);
  }
});
export type NodeAliases = z.infer<typeof NodeAliasesSchema>;

export const TimeoutsSchema = z.object({
  connectTimeoutMs: z.number().int().min(100).max(120_000).default(3_000),
  queryTimeoutMs: z.number().int().min(100).max(120_000).default(2_000),
});
export type Timeouts = z.infer<typeof TimeoutsSchema>;

/** A postgres node agent: which node it serves, and where it listens. */
export const PostgresAgentSchema = z.object({
  nodeAddress: z.string().trim().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/, 'the node address is host:port, e.g. 10.0.0.5:5432'),
  url: z.string().trim().regex(/^wss?:\/\/.+/, 'an agent URL starts with ws:// or wss://'),
  token: z.string().min(1, 'the agent token is required'),
});
export type PostgresAgent = z.infer<typeof PostgresAgentSchema>;

/** The same for a MariaDB node (a `mariadb` log agent beside it); its example address is MariaDB's. */
export const MariadbAgentSchema = PostgresAgentSchema.extend({
  nodeAddress: z.string().trim().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/, 'the node address is host:port, e.g. 10.0.0.5:3306'),
});

export const PostgresSpecSchema = z.object({
  engine: z.literal('postgres'),
  name,
  seeds: z.array(connectionString).min(1, 'add at least one connection string').max(32),
  /** Ports to try on a standby's client address when walking down from a primary. */
  discoveryPorts: z.array(z.number().int().min(1).max(65_535)).max(64).default([]),
  /** Patroni REST API URLs (e.g. http://10.0.0.5:8008). Without them, port 8008 on each node's host is tried. */
  patroniUrls: z.array(httpUrl).max(32).optional(),
  /** The etcd v3 DCS under Patroni and its namespace, to show who holds the leader key and its lease TTL. */
  patroniDcs: z.object({ etcdUrls: z.array(httpUrl).min(1).max(32), namespace: z.string().min(1).default('/service') }).optional(),
  sampleIntervalMs: sampleIntervalMs.default(SAMPLE_INTERVAL_DEFAULT_MS),
  lagThresholdBytes: z.number().int().nonnegative().default(16 * 1024 * 1024),
  lagThresholdMs: z.number().int().nonnegative().default(10_000),
  timeouts: TimeoutsSchema.default({ connectTimeoutMs: 3_000, queryTimeoutMs: 2_000 }),
  /**
   * Node agents (`replicadesk-agent --backend postgres`) on the nodes' hosts: what needs the host
   * (stop, start, pg_rewind, standby.signal) goes through them. `nodeAddress` is the node's
   * `host:port` as ReplicaDesk reaches it (its node id). The tokens are secrets.
   */
  agents: z.array(PostgresAgentSchema).max(64).optional(),
  /** Display names the admin set, by node id (node ids stay addresses). */
  aliases: NodeAliasesSchema.optional(),
  /** PgBouncer admin endpoints in front of this cluster (shared/model/pooler.ts); passwords and agent tokens are secrets. */
  poolers: z.array(PoolerSpecSchema).max(16).optional(),
});
export type PostgresSpec = z.infer<typeof PostgresSpecSchema>;

export const AgentEndpointSchema = z.object({
  url: z.string().trim().regex(/^wss?:\/\/.+/, 'an agent URL starts with ws:// or wss://'),
  token: z.string().min(1, 'the agent token is required'),
});

export const AgentSpecSchema = z.object({
  engine: z.literal('agent'),
  name,
  agents: z.array(AgentEndpointSchema).min(1, 'add at least one agent').max(1_024),
  sampleIntervalMs: sampleIntervalMs.default(SAMPLE_INTERVAL_DEFAULT_MS),
  lagThresholdBytes: z.number().int().nonnegative().default(64 * 1024),
  lagThresholdMs: z.number().int().nonnegative().default(5_000),
  /** Set for the built-in sandbox clusters, so the UI labels them. */
  sandbox: z.boolean().default(false),
  aliases: NodeAliasesSchema.optional(),
});
export type AgentSpec = z.infer<typeof AgentSpecSchema>;

/** An etcd v3 client URL; the driver checks it further (host, port). */
const etcdEndpoint = z.string().trim().regex(/^https?:\/\/[^\s/]+\/?$/i, 'an etcd endpoint is an http:// or https:// client URL, e.g. http://10.0.0.5:2379');

export const EtcdSpecSchema = z.object({
  engine: z.literal('etcd'),
  name,
  /** Client URLs; any one is enough, the rest of the members are discovered from the member list. */
  endpoints: z.array(etcdEndpoint).min(1, 'add at least one client URL').max(32),
  sampleIntervalMs: sampleIntervalMs.default(SAMPLE_INTERVAL_DEFAULT_MS),
  /** The monitor's thresholds. The etcd driver reports no links (see its README), so these rarely apply. */
  lagThresholdBytes: z.number().int().nonnegative().default(16 * 1024 * 1024),
  lagThresholdMs: z.number().int().nonnegative().default(10_000),
  /** etcd's own auth (`etcdctl auth enable`): a token from /v3/auth/authenticate. The password is a secret. */
  auth: z.object({ username: z.string().min(1, 'the etcd user name is required'), password: z.string() }).optional(),
  /** Files for https endpoints: a CA to trust and/or a client certificate and key. */
  tls: z
    .object({ caFile: z.string().min(1).optional(), certFile: z.string().min(1).optional(), keyFile: z.string().min(1).optional() })
    .refine((t) => Boolean(t.certFile) === Boolean(t.keyFile), 'a client certificate needs both certFile and keyFile')
    .optional(),
  timeouts: TimeoutsSchema.default({ connectTimeoutMs: 3_000, queryTimeoutMs: 2_000 }),
  aliases: NodeAliasesSchema.optional(),
});
export type EtcdSpec = z.infer<typeof EtcdSpecSchema>;

/** A MariaDB server as host:port (a bracketed IPv6 address is allowed). */
const mariadbServer = z
  .string()
  .trim()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/, 'a MariaDB server is host:port, e.g. 10.0.0.5:3306');

/** `db.table`: exactly one dot; each part a MariaDB identifier (1–64 characters, quoted by the driver, never spliced). */
const mariadbTableName = z
  .string()
  .trim()
  .regex(/^[^.\s]{1,64}\.[^.\s]{1,64}$/, 'write the heartbeat table as database.table (one dot, no spaces)');

/**
 * Opt-in time lag by heartbeat: ReplicaDesk writes (server_id, written_at) about once a second on each writable
 * primary and reads the row on every server. `create`: make the database and table when missing (else a note says
 * what to run).
 */
export const MariadbHeartbeatSpecSchema = z.object({
  table: mariadbTableName.default('replicadesk.heartbeat'),
  create: z.boolean().default(false),
});

export const MariadbSpecSchema = z.object({
  engine: z.literal('mariadb'),
  name,
  /** Any one server is enough: the rest are discovered from replication (up) and registered replicas (down). */
  seeds: z.array(mariadbServer).min(1, 'add at least one server').max(32),
  /** The account ReplicaDesk reads with (every server); the password is a secret. */
  auth: z.object({ user: z.string().trim().min(1, 'the MariaDB user name is required'), password: z.string() }),
  /**
   * The account replicas connect to a new primary with (CHANGE MASTER TO … MASTER_USER, MASTER_PASSWORD) after a
   * switchover or failover; the password is a secret. MariaDB never shows a channel's password, so without this
   * the monitoring account is used (a pre-flight warning says so).
   */
  replication: z.object({ user: z.string().trim().min(1, 'the replication user name is required'), password: z.string() }).optional(),
  sampleIntervalMs: sampleIntervalMs.default(SAMPLE_INTERVAL_DEFAULT_MS),
  lagThresholdBytes: z.number().int().nonnegative().default(16 * 1024 * 1024),
  lagThresholdMs: z.number().int().nonnegative().default(10_000),
  timeouts: TimeoutsSchema.default({ connectTimeoutMs: 3_000, queryTimeoutMs: 2_000 }),
  aliases: NodeAliasesSchema.optional(),
  heartbeat: MariadbHeartbeatSpecSchema.optional(),
  /**
   * Node agents (`replicadesk-agent --backend mariadb --error-log FILE`) on Galera nodes' hosts: each conflict their
   * error log shows (`wsrep_log_conflicts=ON`) becomes an event with the victim's query. `nodeAddress` is the node's
   * `host:port` as ReplicaDesk reaches it. The tokens are secrets.
   */
  agents: z.array(MariadbAgentSchema).max(64).optional(),
});
export type MariadbSpec = z.infer<typeof MariadbSpecSchema>;

export const ClusterSpecSchema = z.discriminatedUnion('engine', [PostgresSpecSchema, AgentSpecSchema, EtcdSpecSchema, MariadbSpecSchema]);
export type ClusterSpec = z.infer<typeof ClusterSpecSchema>;
/** What a caller sends: defaults may be left out. */
export type ClusterSpecInput = z.input<typeof ClusterSpecSchema>;

/** The monitor's own state for a cluster (not the nodes'). */
export const MonitorStatusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('connecting') }),
  z.object({ kind: z.literal('live') }),
  z.object({ kind: z.literal('failed'), reason: z.string(), retryAt: z.number().nullable() }),
  z.object({ kind: z.literal('stopped') }),
]);
export type MonitorStatus = z.infer<typeof MonitorStatusSchema>;

export const ClusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  engine: EngineSchema,
  kind: ClusterKindSchema.nullable(),
  sandbox: z.boolean(),
  sampleIntervalMs: z.number(),
  status: MonitorStatusSchema,
});
export type Cluster = z.infer<typeof ClusterSchema>;
