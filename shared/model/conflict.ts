import { z } from 'zod';

export const ConflictKindSchema = z.enum(['insert-insert', 'update-update', 'update-delete', 'delete-delete', 'apply-error']);
export type ConflictKind = z.infer<typeof ConflictKindSchema>;

/** Per-node counters; a version dominates another when it is >= everywhere and > somewhere. */
export const VersionVectorSchema = z.record(z.string(), z.number().int().nonnegative());
export type VersionVector = z.infer<typeof VersionVectorSchema>;

export const ConflictVersionSchema = z.object({
  nodeId: z.string(),
  /** The row or document; null for a delete. */
  value: z.unknown(),
  committedAt: z.number(),
  versionVector: VersionVectorSchema.nullable(),
  origin: z.string(),
  /** LSN, GTID or log index, as text. */
  position: z.string().nullable(),
});
export type ConflictVersion = z.infer<typeof ConflictVersionSchema>;

export const ConflictPolicySchema = z.enum(['manual', 'last-writer-wins', 'version-vector', 'prefer-node', 'field-rules']);
export type ConflictPolicy = z.infer<typeof ConflictPolicySchema>;

/** A conflict the engine resolved by itself (pglogical's conflict_resolution), for the admin to accept or overturn. */
export const EngineDecisionSchema = z.object({
  engine: z.string(),
  /** The engine's policy setting when the decision was read (pglogical.conflict_resolution). */
  policy: z.string().nullable(),
  /** "last_update_wins: remote committed 03:12:04.512 > local 03:12:04.498". */
  rule: z.string(),
  /** Index into `versions` of the version the engine kept; null when nodes kept different ones. */
  kept: z.number().int().nonnegative().nullable(),
  /** Per logging node: the version it kept and the outcome it logged (apply_remote, keep_local, skip). */
  perNode: z.array(z.object({ nodeId: z.string(), kept: z.number().int().nonnegative().nullable(), outcome: z.string() })),
  review: z.enum(['pending', 'accepted', 'overturned']),
});
export type EngineDecision = z.infer<typeof EngineDecisionSchema>;

export const ConflictEventSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  target: z.object({ table: z.string(), key: z.string() }),
  kind: ConflictKindSchema,
  detectedAt: z.number(),
  versions: z.array(ConflictVersionSchema).min(1),
  suggestion: z.object({ policy: ConflictPolicySchema, winner: z.string().nullable(), why: z.string() }).nullable(),
  status: z.enum(['open', 'resolved']),
  resolution: z
    .object({ at: z.number(), by: z.string(), how: z.string(), value: z.unknown() })
    .nullable()
    .optional(),
  /** What the engine could not tell, or what the admin should know (a missing grant, a caveat of the engine). */
  notes: z.array(z.string()).optional(),
  /** Set when the engine itself resolved the conflict (pglogical): the rule, what it kept, and the admin's review. */
  engineDecision: EngineDecisionSchema.optional(),
});
export type ConflictEvent = z.infer<typeof ConflictEventSchema>;
