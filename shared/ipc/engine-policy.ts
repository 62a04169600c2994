import { z } from 'zod';
import { channel } from './channel';

/** pglogical.conflict_resolution's values: the only values ever sent to a server. */
export const PglResolutionSchema = z.enum(['error', 'apply_remote', 'keep_local', 'last_update_wins', 'first_update_wins']);
export type PglResolution = z.infer<typeof PglResolutionSchema>;

export const EnginePolicyStateSchema = z.object({
  engine: z.string(),
  values: z.array(z.string()),
  /** The setting as each node reported it at its last reading. */
  perNode: z.array(z.object({ nodeId: z.string(), value: z.string().nullable(), readAt: z.number().nullable() })),
});
export type EnginePolicyState = z.infer<typeof EnginePolicyStateSchema>;

export const EnginePolicyPreviewSchema = z.object({
  value: PglResolutionSchema,
  considered: z.number().int(),
  flipped: z.number().int(),
  /** "with first_update_wins, 14 of the last 20 would have gone the other way". */
  summary: z.string(),
  /** What runs on each node. */
  statements: z.array(z.string()),
  nodes: z.array(z.string()),
});
export type EnginePolicyPreview = z.infer<typeof EnginePolicyPreviewSchema>;

export const EnginePolicyStepSchema = z.object({ nodeId: z.string(), status: z.enum(['done', 'failed']), detail: z.string() });

const clusterId = z.string().min(1);

/** The engine's own conflict policy of a cluster (pglogical.conflict_resolution), per cluster. */
export const enginePolicyContract = {
  'enginePolicy:get': channel(z.object({ clusterId }), EnginePolicyStateSchema),
  'enginePolicy:preview': channel(z.object({ clusterId, value: PglResolutionSchema }), EnginePolicyPreviewSchema),
  /** ALTER SYSTEM + pg_reload_conf() on every node, read back with SHOW; `confirmName` is the cluster's name, typed. Audited. */
  'enginePolicy:set': channel(z.object({ clusterId, value: PglResolutionSchema, confirmName: z.string() }), z.object({ steps: z.array(EnginePolicyStepSchema) })),
};
