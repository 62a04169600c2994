import { z } from 'zod';
import type { ConflictPolicy } from '../../../shared/model/conflict';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { parseOrFail } from '../../../shared/validate';

import { FieldRulesSchema, type FieldRules } from '../../../shared/ipc/conflict-policy';

export { FieldRuleSchema, FieldRulesSchema, type FieldRule, type FieldRules } from '../../../shared/ipc/conflict-policy';

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
