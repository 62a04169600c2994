import { z } from 'zod';
import { ConflictEventSchema, ConflictPolicySchema } from '../model/conflict';
import { channel } from './channel';
import { PolicyRequestSchema } from './conflict-policy';
import { BulkRunSchema } from './conflict-bulk';

/** What the admin keeps: one version whole, fields picked from versions, or a value typed by hand. */
export const ResolveChoiceSchema = z.discriminatedUnion('kind', [
  /** `version` is an index into the conflict's `versions`. */
  z.object({ kind: z.literal('keep'), version: z.number().int().nonnegative() }),
  /** Per field, the index of the version whose value to take; unlisted fields come from the newest version that has them. */
  z.object({ kind: z.literal('merge'), fields: z.record(z.string(), z.number().int().nonnegative()) }),
  z.object({ kind: z.literal('custom'), value: z.unknown() }),
]);
export type ResolveChoice = z.infer<typeof ResolveChoiceSchema>;

/** Which version a policy would pick for one conflict, and why. */
export const PolicyPickSchema = z.object({
  policy: ConflictPolicySchema,
  /** The winning node, or null for a field-by-field merge. */
  winner: z.string().nullable(),
  value: z.unknown(),
  why: z.string(),
  /** False when the app cannot reproduce the engine's decision exactly (e.g. `sum` needs per-field counters). */
  exact: z.boolean(),
});
export type PolicyPick = z.infer<typeof PolicyPickSchema>;

/** What the engine itself will run, and what else it drops (a PostgreSQL SKIP drops the whole remote transaction). */
export const EnginePreviewSchema = z.object({
  /** The exact statements, in order. */
  statements: z.array(z.string()),
  /** Other changes that will not be applied. */
  skipped: z.array(z.object({ table: z.string(), op: z.string(), key: z.string(), value: z.unknown() })),
  note: z.string(),
});
export type EnginePreview = z.infer<typeof EnginePreviewSchema>;

/** Exactly what a resolution would write, before anything is written. */
export const ResolvePreviewSchema = z.object({
  conflictId: z.string(),
  value: z.unknown(),
  /** One line per field (or for the whole value): where it comes from. */
  fields: z.array(z.object({ field: z.string(), value: z.unknown(), from: z.string() })),
  /** The version vector semantics, in words. */
  vector: z.string(),
  summary: z.string(),
  /** What each policy would pick for this conflict. */
  picks: z.array(PolicyPickSchema),
  /** Filled by engines that resolve with statements of their own (PostgreSQL logical replication). */
  engine: EnginePreviewSchema.optional(),
});
export type ResolvePreview = z.infer<typeof ResolvePreviewSchema>;

/**
 * After a resolution, what reading the key back on every node showed: `converged` (every node read
 * the resolved value), `diverged` (a node read something else), or `unknown` (a node could not be
 * read and none read a different value): a refused read is never taken for a difference.
 */
export const ConvergenceStateSchema = z.enum(['converged', 'diverged', 'unknown']);
export type ConvergenceState = z.infer<typeof ConvergenceStateSchema>;

/** After a resolution: does every peer now read the same value? */
export const ConvergenceSchema = z.object({
  converged: z.boolean(),
  state: ConvergenceStateSchema,
  afterMs: z.number(),
  /** One per node: `read` false when the node could not be read (then `ok` is false and `detail` says why). */
  peers: z.array(z.object({ nodeId: z.string(), ok: z.boolean(), read: z.boolean(), value: z.unknown(), versions: z.number().int(), detail: z.string() })),
  detail: z.string(),
});
export type Convergence = z.infer<typeof ConvergenceSchema>;

export const ConflictCountsSchema = z.object({ clusterId: z.string(), open: z.number().int(), resolved: z.number().int() });
export type ConflictCounts = z.infer<typeof ConflictCountsSchema>;

export const PolicyPreviewSchema = z.object({
  clusterId: z.string(),
  policy: ConflictPolicySchema,
  open: z.number().int(),
  /** How many open conflicts switching it on would settle at once. */
  settles: z.number().int(),
  /** Per settled conflict (at most `limit`): the outcome. */
  outcomes: z.array(z.object({ conflictId: z.string(), key: z.string(), winner: z.string().nullable(), value: z.unknown(), why: z.string(), exact: z.boolean() })),
  summary: z.string(),
});
export type PolicyPreview = z.infer<typeof PolicyPreviewSchema>;

const clusterId = z.string().min(1);

export const conflictsContract = {
  'conflicts:list': channel(
    z.object({
      clusterId: clusterId.optional(),
      status: z.enum(['open', 'resolved', 'all']).default('all'),
      limit: z.number().int().min(1).max(20_000).default(10_000),
    }),
    z.object({
      conflicts: z.array(ConflictEventSchema),
      counts: z.array(ConflictCountsSchema),
      policies: z.record(z.string(), ConflictPolicySchema),
      /** Per cluster, the policies the app applies itself, by table (`*`: every table). */
      tablePolicies: z.record(z.string(), z.record(z.string(), ConflictPolicySchema)).default({}),
    }),
  ),
  /** A dry run: what `conflicts:resolve` would write. Changes nothing. */
  'conflicts:preview': channel(z.object({ conflictId: z.string().min(1), choice: ResolveChoiceSchema }), ResolvePreviewSchema),
  /** Writes the chosen value on the engine, then checks that every node agrees; audited. */
  'conflicts:resolve': channel(
    z.object({ conflictId: z.string().min(1), choice: ResolveChoiceSchema }),
    z.object({ conflict: ConflictEventSchema, preview: ResolvePreviewSchema, convergence: ConvergenceSchema }),
  ),
  /** A dry run of a policy on the cluster's open conflicts (optionally only `conflictIds`: bulk resolve). */
  'conflicts:previewPolicy': channel(
    z.object({
      clusterId,
      policy: PolicyRequestSchema,
      conflictIds: z.array(z.string()).max(20_000).optional(),
      /** Only this table's open conflicts. */
      table: z.string().min(1).max(300).optional(),
      limit: z.number().int().min(0).max(1_000).default(200),
    }),
    PolicyPreviewSchema,
  ),
  /**
   * Switches a policy on; an automatic policy settles the open conflicts at once (audited). Without
   * `table`, the engine's own policy for the whole cluster where the engine has one; with `table`
   * (or for engines without policies, e.g. PostgreSQL) the app applies it to that table's conflicts
   * (`*`: every table) as they arrive.
   */
  'conflicts:setPolicy': channel(
    z.object({ clusterId, policy: PolicyRequestSchema, table: z.string().min(1).max(300).optional() }),
    z.object({ policy: ConflictPolicySchema, resolvedConflicts: z.array(z.string()) }),
  ),
  /**
   * Resolves the given open conflicts with what the policy picks, in batches (one write and one convergence read per
   * node per batch where the engine takes batches); progress comes in the deltas (`bulk`), the finished run is the answer.
   */
  'conflicts:bulkResolve': channel(
    z.object({ clusterId, policy: PolicyRequestSchema, conflictIds: z.array(z.string().min(1)).min(1).max(10_000) }),
    BulkRunSchema,
  ),
} as const;
