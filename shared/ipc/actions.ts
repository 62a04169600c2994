import { z } from 'zod';
import { ActionPlanSchema, ActionRequestSchema, AuditEntrySchema, NodeActionsSchema } from '../model/action';
import { channel } from './channel';

/**
 * A standing order to fence a node the moment it answers as a writable primary
 * (a failover could not fence it: it was down). Kept with the run, so it
 * survives a restart; it ends when the node is fenced, in recovery, or streams
 * from the new primary.
 */
export const FenceOrderSchema = z.object({
  nodeId: z.string(),
  /** The step that fences it (re-run when it answers). */
  stepId: z.string(),
  since: z.number(),
  state: z.enum(['standing', 'fenced', 'cleared']),
  endedAt: z.number().nullable(),
  /** What was seen when it ended (or why it stands). */
  detail: z.string(),
});
export type FenceOrder = z.infer<typeof FenceOrderSchema>;

/** An action as the UI follows it: its plan (with step states) and where it stands. */
export const ActionRunSchema = z.object({
  plan: ActionPlanSchema,
  /** `done-manual`: every step ReplicaDesk can run is done; the plan's `manual` steps are left to the admin. */
  status: z.enum(['planned', 'running', 'done', 'done-manual', 'failed', 'aborted', 'interrupted']),
  /** For an interrupted action: where it stopped and what to check before retrying. */
  advice: z.string().nullable(),
  fenceOnReturn: FenceOrderSchema.nullable().optional(),
});
export type ActionRun = z.infer<typeof ActionRunSchema>;

export const AuditVerifySchema = z.union([
  z.object({ ok: z.literal(true), entries: z.number().int(), notes: z.array(z.string()).optional() }),
  z.object({ ok: z.literal(false), seq: z.number().int(), reason: z.string() }),
]);

export const actionsContract = {
  'actions:available': channel(z.object({ clusterId: z.string().min(1) }), z.array(NodeActionsSchema)),
  /** A dry run: checks and exact steps. Changes nothing. */
  'actions:plan': channel(ActionRequestSchema, ActionRunSchema),
  /** Runs a planned action. `confirmName` must be the cluster's name, typed by the admin. */
  'actions:execute': channel(
    z.object({ planId: z.string().min(1), confirmName: z.string(), /** Optional: why (a ticket number). */ reason: z.string().trim().max(500).optional() }),
    ActionRunSchema,
  ),
  /** Stops before the next step that may be aborted before. */
  'actions:abort': channel(z.object({ planId: z.string().min(1) }), z.object({ aborting: z.boolean() })),
  'actions:list': channel(z.object({ clusterId: z.string().min(1).optional() }), z.array(ActionRunSchema)),
  'audit:list': channel(
    z.object({ clusterId: z.string().min(1).optional(), limit: z.number().int().min(1).max(10_000).default(500) }),
    z.array(AuditEntrySchema),
  ),
  'audit:verify': channel(z.object({}), AuditVerifySchema),
  'audit:export': channel(
    z.object({ format: z.enum(['csv', 'json']) }),
    z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  ),
} as const;
