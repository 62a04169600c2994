import { z } from 'zod';
import { ConflictPolicySchema } from '../model/conflict';

/** Why one conflict of a bulk resolution was not resolved, by key. */
export const BulkFailureSchema = z.object({
  conflictId: z.string(),
  /** The conflict's table and key (`items/id=7`), or '' when the conflict is not in the inbox. */
  key: z.string(),
  /** Where it stopped: checking it (not open, the policy does not settle it), writing it, or its convergence check. */
  stage: z.enum(['check', 'write', 'converge']),
  reason: z.string(),
});
export type BulkFailure = z.infer<typeof BulkFailureSchema>;

/**
 * One bulk resolution as it runs: a record in the delta stream after every batch (upsert by `id`),
 * and the last one, `finished`, is also the answer of `conflicts:bulkResolve`.
 */
export const BulkRunSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  policy: ConflictPolicySchema,
  /** How many conflicts were asked for. */
  total: z.number().int().nonnegative(),
  /** How many were handled so far (resolved + failed). */
  done: z.number().int().nonnegative(),
  /** Written, and read back converged on every node. */
  resolvedCount: z.number().int().nonnegative(),
  /** The resolved conflict ids: filled in the finished record (counts only while it runs). */
  resolved: z.array(z.string()),
  /** Every failure so far, by key. */
  failed: z.array(BulkFailureSchema),
  startedAt: z.number(),
  elapsedMs: z.number().nonnegative(),
  /** Resolutions per second so far (resolved / elapsed). */
  perSecond: z.number().nonnegative(),
  /** How the engine was driven: one batch per node per round trip, or one conflict at a time (engine without batches). */
  mode: z.enum(['batch', 'single']),
  batches: z.number().int().nonnegative(),
  finished: z.boolean(),
});
export type BulkRun = z.infer<typeof BulkRunSchema>;
