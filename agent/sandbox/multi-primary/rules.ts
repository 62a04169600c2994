import { z } from 'zod';
import type { ConflictPolicy } from '../../../shared/model/conflict';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { parseOrFail } from '../../../shared/validate';

/**
 * A declarative rule for one field of conflicting object values (no code is
 * ever evaluated). See README.md "Conflict policies" for the exact results.
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

export const PreferNodeRuleSchema = z.object({ node: z.string().min(1) });

/** A conflict policy with its (validated) rule. */
export type PolicyConfig =
  | { policy: 'manual' }
  | { policy: 'version-vector' }
  | { policy: 'last-writer-wins' }
  | { policy: 'prefer-node'; node: string }
  | { policy: 'field-rules'; rules: FieldRules };

export function parsePolicy(policy: ConflictPolicy, rule: unknown): Result<PolicyConfig> {
  switch (policy) {
    case 'manual':
    case 'version-vector':
    case 'last-writer-wins':
      if (rule !== undefined && rule !== null) return fail('invalid-payload', `the ${policy} policy takes no rule`);
      return ok({ policy });
    case 'prefer-node': {
      const parsed = parseOrFail(PreferNodeRuleSchema, rule, 'prefer-node rule');
      return parsed.ok ? ok({ policy, node: parsed.value.node }) : parsed;
    }
    case 'field-rules': {
      const parsed = parseOrFail(FieldRulesSchema, rule, 'field rules');
      return parsed.ok ? ok({ policy, rules: parsed.value }) : parsed;
    }
    default:
      return assertNever(policy, 'conflict policy');
  }
}

/** Does this policy settle concurrent versions by itself? */
export function isAutomatic(config: PolicyConfig): boolean {
  return config.policy !== 'manual' && config.policy !== 'version-vector';
}
