import { z } from 'zod';

export const ActionKindSchema = z.enum([
  'switchover',
  'failover',
  'fence',
  'unfence',
  'rejoin',
  'repoint',
  'transfer-leadership',
  'resolve-conflict',
  'commit-prepared',
  'rollback-prepared',
  'cancel-query',
  'terminate-session',
  /** Galera: SET GLOBAL wsrep_desync = ON / OFF on one node. */
  'desync',
  'resync',
]);
export type ActionKind = z.infer<typeof ActionKindSchema>;

/** One pre-flight check, with a sentence a DBA can act on. */
export const PreflightCheckSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  severity: z.enum(['info', 'warning', 'blocker']),
  explanation: z.string(),
});
export type PreflightCheck = z.infer<typeof PreflightCheckSchema>;

/**
 * `skipped`: the step could not act (its detail says why); `manual`: left to the
 * admin (ReplicaDesk cannot do it), shown as a runbook line until it is observed done.
 */
export const StepStateSchema = z.enum(['pending', 'running', 'done', 'failed', 'skipped', 'aborted', 'manual']);
export type StepState = z.infer<typeof StepStateSchema>;

export const ActionStepSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The exact SQL or agent command the step runs, for the dry run. */
  command: z.string(),
  state: StepStateSchema,
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  detail: z.string().nullable(),
  /** Whether the action may be aborted before this step. */
  abortableBefore: z.boolean(),
  /** A step the admin runs by hand (the runner never executes it); `command` is the exact runbook line. */
  manual: z.boolean().optional(),
});
export type ActionStep = z.infer<typeof ActionStepSchema>;

export const ActionPlanSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  kind: ActionKindSchema,
  target: z.string(),
  createdAt: z.number(),
  checks: z.array(PreflightCheckSchema),
  steps: z.array(ActionStepSchema),
  expectedDataLossBytes: z.number().nonnegative().nullable(),
  /** Where the loss figure comes from: the old primary's last reading and when it last answered (epoch ms). */
  expectedDataLoss: z
    .object({ bytes: z.number().nonnegative(), nodeId: z.string().nullable(), measuredAt: z.number().nullable(), lastContactAt: z.number().nullable() })
    .nullable()
    .optional(),
  expectedUnavailableMs: z.number().nonnegative().nullable(),
  /** Failover of a primary already gone: writes have been down since then (epoch ms), instead of an estimate. */
  writesDownSince: z.number().nullable().optional(),
  /** Display name (cluster_name or alias) of each node the plan names; ids stay addresses. */
  nodeNames: z.record(z.string(), z.string()).optional(),
  /** The manual steps are done once `nodeId` is seen streaming from `fromId` (the rejoined old primary). */
  rejoin: z.object({ nodeId: z.string(), fromId: z.string() }).nullable().optional(),
  /** Why the admin ran it (a ticket number), given on confirm; kept in the audit, the journal and the alerts it raises. */
  reason: z.string().max(500).optional(),
});
export type ActionPlan = z.infer<typeof ActionPlanSchema>;

/**
 * What a step reports: its detail, or that it could not act (`skipped`, with the
 * reason as detail). `owes` names work left standing, e.g. a fence due when the
 * node answers again; core re-runs the same step then.
 */
export type StepReport = string | { detail: string; skipped: true; owes?: { kind: 'fence-on-return'; nodeId: string } };

/** A node's display name from a plan, with its address beside it when they differ. */
export function nodeLabel(plan: Pick<ActionPlan, 'nodeNames'>, id: string, withAddress = false): string {
  const name = plan.nodeNames?.[id];
  if (!name || name === id) return id;
  return withAddress ? `${name} (${id})` : name;
}

/** Append-only; each entry's hash covers the one before it, so an edited entry breaks the chain. */
export const AuditEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  actor: z.string(),
  clusterId: z.string(),
  action: z.string(),
  params: z.record(z.string(), z.unknown()),
  outcome: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Actions on in-doubt transactions and sessions (PostgreSQL). */
export const LOCKING_ACTION_KINDS = ['commit-prepared', 'rollback-prepared', 'cancel-query', 'terminate-session'] as const;
export type LockingActionKind = (typeof LOCKING_ACTION_KINDS)[number];
export const isLockingAction = (kind: string): kind is LockingActionKind => (LOCKING_ACTION_KINDS as readonly string[]).includes(kind);

/** Galera node actions: take a node out of flow control and back (SET GLOBAL wsrep_desync). */
export const GALERA_ACTION_KINDS = ['desync', 'resync'] as const;
export type GaleraActionKind = (typeof GALERA_ACTION_KINDS)[number];
export const isGaleraAction = (kind: string): kind is GaleraActionKind => (GALERA_ACTION_KINDS as readonly string[]).includes(kind);

/** What the admin asks for; the driver turns it into an ActionPlan with checks and steps. */
export const ActionRequestSchema = z.object({
  clusterId: z.string().min(1),
  kind: z.enum(['switchover', 'failover', 'fence', 'unfence', 'rejoin', 'transfer-leadership', ...LOCKING_ACTION_KINDS, ...GALERA_ACTION_KINDS]),
  /**
   * The node to promote (switchover/failover), to act on (fence/unfence/rejoin, and the
   * node holding the prepared transaction or session), or to make leader (transfer-leadership).
   */
  target: z.string().min(1),
  /** commit-prepared / rollback-prepared: the prepared transaction's global id. */
  gid: z.string().min(1).max(200).optional(),
  /** cancel-query / terminate-session: the backend's process id. */
  pid: z.number().int().positive().optional(),
  /**
   * PostgreSQL with PgBouncer poolers in the spec: `pause` (default) wraps the switchover in PAUSE … RESUME and
   * re-points each pooler; `ignore` is the ordinary switchover (pooled clients see errors).
   */
  poolers: z.enum(['pause', 'ignore']).optional(),
  /** A candidate further behind than this is refused. */
  maxLagBytes: z.number().int().nonnegative().default(1024 * 1024),
  maxLagMs: z.number().int().nonnegative().default(10_000),
});
export type ActionRequest = z.infer<typeof ActionRequestSchema>;

/** Which actions a node supports right now, and why not where it doesn't. */
export const NodeActionsSchema = z.object({
  nodeId: z.string(),
  actions: z.array(
    z.object({
      kind: ActionRequestSchema.shape.kind,
      available: z.boolean(),
      why: z.string().nullable(),
      /** Not offered but doable by hand: the engine's own advice (e.g. the cluster headline's rejoin suggestion). */
      byHand: z.string().optional(),
    }),
  ),
});
export type NodeActions = z.infer<typeof NodeActionsSchema>;
