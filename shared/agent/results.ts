import { z } from 'zod';
import { ConflictEventSchema, ConflictPolicySchema } from '../model/conflict';
import { ControlDataSchema, type AnyAgentCommandName } from './commands';

/**
 * What `commandResult.result.value` holds when a command succeeds, per command
 * name. Engine-specific extras are allowed (loose objects); the named fields
 * are what every agent that lists the command sends.
 */
const uint64 = z.string().regex(/^\d+$/, 'a uint64 as a decimal string');
const text = z.string().describe('one line for the operator');

export const CommandResultValueSchemas = {
  promote: z.looseObject({ nodeId: z.string(), timeline: z.number().int().describe('the new timeline'), position: z.string() }),
  fence: z.looseObject({ nodeId: z.string(), readOnly: z.boolean() }),
  unfence: z.looseObject({ nodeId: z.string(), readOnly: z.boolean() }),
  repoint: z.looseObject({ nodeId: z.string(), upstream: z.string(), state: z.string().optional(), reason: z.string().nullable() }),
  rejoin: z.looseObject({
    nodeId: z.string(),
    upstream: z.string(),
    timeline: z.number().int(),
    rewoundBytes: z.number().int().nonnegative(),
    divergedAt: z.string().nullable().describe('where the histories diverged, or null'),
    state: z.string().optional(),
  }),
  write: z.looseObject({ key: z.string() }).describe('plus where the write landed: position/timeline (log shipping), version/versionVector (multi-primary), index/term (Raft)'),
  read: z.looseObject({ key: z.string(), value: z.unknown().describe('null when the key is absent') }),
  transferLeadership: z.looseObject({ leader: z.string(), term: uint64 }),
  resolveConflict: z.looseObject({ conflict: ConflictEventSchema.omit({ clusterId: true }), version: z.string() }),
  resolveConflicts: z.looseObject({
    results: z
      .array(
        z.union([
          z.looseObject({ conflictId: z.string(), ok: z.literal(true), version: z.string(), versionVector: z.string() }),
          z.looseObject({ conflictId: z.string(), ok: z.literal(false), code: z.string(), reason: z.string() }),
        ]),
      )
      .describe('one per item, in order: what was written, or why that item was refused'),
  }),
  readKeys: z.looseObject({
    readings: z
      .array(z.looseObject({ key: z.string(), value: z.unknown(), versions: z.array(z.unknown()), conflictId: z.string().nullable() }))
      .describe('one per key, in order, as `read` answers each'),
  }),
  setConflictPolicy: z.looseObject({ policy: z.union([ConflictPolicySchema, z.looseObject({ policy: ConflictPolicySchema })]), resolvedConflicts: z.array(z.string()) }),
  fault: z.looseObject({ detail: text }),
  stop: text.describe('"stopped (fast)" or "already stopped"'),
  start: text.describe('"started" or "already running"'),
  controlData: ControlDataSchema,
  rewind: text.describe("pg_rewind's last lines"),
  writeStandbyConfig: text,
  poolerRepoint: text.describe('what was rewritten in pgbouncer.ini, and SHOW DATABASES after RELOAD'),
} satisfies Record<AnyAgentCommandName, z.ZodType>;

export const CommandResultValuesSchema = z.object(CommandResultValueSchemas).partial();
