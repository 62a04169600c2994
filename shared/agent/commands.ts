import { z } from 'zod';
import { SandboxFaultSchema } from '../ipc/sandbox';
import { ConflictPolicySchema } from '../model/conflict';

/** Most items in one `resolveConflicts` or `readKeys` command. */
export const MAX_BATCH_ITEMS = 500;

/** Commands an agent may accept; each agent lists the names it supports in `hello.capabilities`. */
export const AgentCommandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('promote') }),
  z.object({ name: z.literal('fence') }),
  z.object({ name: z.literal('unfence') }),
  z.object({ name: z.literal('repoint'), upstream: z.string().min(1) }),
  z.object({ name: z.literal('rejoin'), upstream: z.string().min(1) }),
  z.object({ name: z.literal('write'), key: z.string().min(1).max(200), value: z.unknown() }),
  z.object({ name: z.literal('read'), key: z.string().min(1).max(200) }),
  z.object({ name: z.literal('transferLeadership'), to: z.string().min(1) }),
  z.object({
    name: z.literal('resolveConflict'),
    conflictId: z.string().min(1),
    value: z.unknown(),
    how: z.string().min(1).max(200),
  }),
  z.object({ name: z.literal('setConflictPolicy'), policy: ConflictPolicySchema, rule: z.unknown().optional() }),
  /** Resolves many conflicts in one command; each item succeeds or fails alone (see `resolveConflicts` results). */
  z.object({
    name: z.literal('resolveConflicts'),
    items: z
      .array(z.object({ conflictId: z.string().min(1), value: z.unknown(), how: z.string().min(1).max(200) }))
      .min(1)
      .max(MAX_BATCH_ITEMS),
  }),
  /** Reads many keys at once, as `read` does each. */
  z.object({ name: z.literal('readKeys'), keys: z.array(z.string().min(1).max(200)).min(1).max(MAX_BATCH_ITEMS) }),
  /** Sandbox only: fault injection. */
  z.object({ name: z.literal('fault'), fault: SandboxFaultSchema }),
]);
export type AgentCommand = z.infer<typeof AgentCommandSchema>;
export type AgentCommandName = AgentCommand['name'];

/** A server address as the app knows it (the new primary for pg_rewind, the upstream for a standby). */
export const HostEndpointSchema = z.object({
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65_535),
});

/**
 * Commands that need the database's host (the `postgres` backend): the server's
 * process, its data directory and the tools beside it. A sandbox never lists them.
 */
export const HostCommandSchema = z.discriminatedUnion('name', [
  /** `pg_ctl stop -m fast`: standbys receive the shutdown checkpoint before it exits. */
  z.object({ name: z.literal('stop') }),
  /** `pg_ctl start`. */
  z.object({ name: z.literal('start') }),
  /** `pg_controldata`: cluster state, latest checkpoint and its timeline (see ControlDataSchema). */
  z.object({ name: z.literal('controlData') }),
  /** `pg_rewind --source-server` against `source` (a stopped server only). */
  z.object({ name: z.literal('rewind'), source: HostEndpointSchema }),
  /** `standby.signal`, and `primary_conninfo` → `upstream` in postgresql.auto.conf (port and cluster_name kept). */
  z.object({ name: z.literal('writeStandbyConfig'), upstream: HostEndpointSchema }),
]);
export type HostCommand = z.infer<typeof HostCommandSchema>;
export type HostEndpoint = z.infer<typeof HostEndpointSchema>;

/** What the `controlData` command answers. */
export const ControlDataSchema = z.object({
  /** `Database cluster state`, e.g. `shut down`, `in production`, `in archive recovery`. */
  clusterState: z.string(),
  /** `Latest checkpoint location`, an LSN such as `0/3000028`, or null. */
  latestCheckpointLsn: z.string().nullable(),
  /** `Latest checkpoint's TimeLineID`, or null. */
  timeline: z.number().int().nullable(),
});
export type ControlData = z.infer<typeof ControlDataSchema>;

/**
 * Commands of an agent beside a PgBouncer (`--backend pgbouncer`). PgBouncer 1.18's admin console cannot change
 * a `[databases]` entry, so the agent rewrites that entry's host and port in the ini file and sends RELOAD.
 */
export const PoolerCommandSchema = z.discriminatedUnion('name', [
  z.object({
    name: z.literal('poolerRepoint'),
    /** The `[databases]` entry's name: letters, digits, `_`, `-`, `.` only. */
    database: z.string().regex(/^[A-Za-z0-9_.-]{1,63}$/),
    host: z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/),
    port: z.number().int().min(1).max(65_535),
  }),
]);
export type PoolerCommand = z.infer<typeof PoolerCommandSchema>;

/** Every command on the wire: the engine commands above plus the host and pooler commands. */
export const AnyAgentCommandSchema = z.discriminatedUnion('name', [...AgentCommandSchema.options, ...HostCommandSchema.options, ...PoolerCommandSchema.options]);
export type AnyAgentCommand = z.infer<typeof AnyAgentCommandSchema>;
export type AnyAgentCommandName = AnyAgentCommand['name'];
