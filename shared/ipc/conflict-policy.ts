import { z } from 'zod';
import { ConflictPolicySchema } from '../model/conflict';
import { assertNever } from '../result';

/**
 * A declarative rule for one field of conflicting object values (never code).
 * The sandbox and the app both validate rules with this one schema; see
 * agent/sandbox/README.md "Conflict policies" for the exact results.
 */
export const FieldRuleSchema = z.discriminatedUnion('kind', [
  /** The value written by `node`; if it did not write the field, the newest. */
  z.object({ kind: z.literal('prefer-node'), node: z.string().min(1) }),
  /** The value of the most recently committed version (ties: greater node id). */
  z.object({ kind: z.literal('newest') }),
  /** The largest number (non-numbers ignored; none: newest). */
  z.object({ kind: z.literal('max') }),
  /** The smallest number (non-numbers ignored; none: newest). */
  z.object({ kind: z.literal('min') }),
  /** Arrays: every element of every version, once, oldest version first. */
  z.object({ kind: z.literal('union') }),
  /** Numbers: the common ancestor plus every peer's delta (a counter). */
  z.object({ kind: z.literal('sum') }),
]);
export type FieldRule = z.infer<typeof FieldRuleSchema>;

export const FieldRulesSchema = z.object({
  fields: z.record(z.string().min(1), FieldRuleSchema),
  /** For fields without a rule. */
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
