import { z } from 'zod';
import { ConflictPolicySchema } from '../model/conflict';
import { assertNever } from '../result';

/**
 * A declarative rule for one field of conflicting object values (never code).
 * Mirrors the sandbox's FieldRulesSchema (agent/sandbox/multi-primary/rules.ts):
 * the agent validates the rule again when the policy is switched on.
 */
export const FieldRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('prefer-node'), node: z.string().min(1) }),
  z.object({ kind: z.literal('newest') }),
  z.object({ kind: z.literal('max') }),
  z.object({ kind: z.literal('min') }),
  z.object({ kind: z.literal('union') }),
  z.object({ kind: z.literal('sum') }),
]);
export type FieldRule = z.infer<typeof FieldRuleSchema>;

export const FieldRulesSchema = z.object({
  fields: z.record(z.string().min(1), FieldRuleSchema),
  otherwise: FieldRuleSchema.default({ kind: 'newest' }),
});
export type FieldRules = z.infer<typeof FieldRulesSchema>;

/** A policy with its rule, as the admin picks it. */
export const PolicyRequestSchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('manual') }),
  z.object({ policy: z.literal('version-vector') }),
  z.object({ policy: z.literal('last-writer-wins') }),
  z.object({ policy: z.literal('prefer-node'), node: z.string().min(1) }),
  z.object({ policy: z.literal('field-rules'), rules: FieldRulesSchema }),
]);
export type PolicyRequest = z.infer<typeof PolicyRequestSchema>;

/** Does this policy settle concurrent versions by itself? (manual and version-vector leave them open) */
export function isAutomaticPolicy(policy: z.infer<typeof ConflictPolicySchema>): boolean {
  return policy !== 'manual' && policy !== 'version-vector';
}

/** The agent's `rule` argument for a policy (setConflictPolicy). */
export function ruleOf(p: PolicyRequest): unknown {
  switch (p.policy) {
    case 'prefer-node':
      return { node: p.node };
    case 'field-rules':
      return p.rules;
    case 'manual':
    case 'version-vector':
    case 'last-writer-wins':
      return undefined;
    default:
      return assertNever(p, 'conflict policy');
  }
}
