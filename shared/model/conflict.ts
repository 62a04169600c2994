import { z } from 'zod';

export const ConflictKindSchema = z.enum(['insert-insert', 'update-update', 'update-delete', 'apply-error']);
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
});
export type ConflictEvent = z.infer<typeof ConflictEventSchema>;
