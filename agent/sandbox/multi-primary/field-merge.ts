import { assertNever } from '../../../shared/result';
import { counterValue, isPlainObject, joinCounters } from './counters';
import type { FieldRule, FieldRules } from './rules';
import { newerFirst, type Version } from './version';

/** One field's merged value and the rule's one-line reason. */
interface FieldOutcome {
  value: unknown;
  why: string;
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;

function newestHolder(holders: Version[]): Version {
  return [...holders].sort(newerFirst)[0]!;
}

function fieldOf(v: Version, field: string): unknown {
  return (v.value as Record<string, unknown>)[field];
}

function applyRule(rule: FieldRule, field: string, holders: Version[]): FieldOutcome {
  const values = holders.map((v) => fieldOf(v, field));
  const newest = (): FieldOutcome => ({ value: fieldOf(newestHolder(holders), field), why: 'newest' });
  const numbers = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  switch (rule.kind) {
    case 'prefer-node': {
      const mine = holders.find((v) => v.origin === rule.node);
      return mine ? { value: fieldOf(mine, field), why: `from ${rule.node}` } : { ...newest(), why: `newest (${rule.node} did not write it)` };
    }
    case 'newest':
      return newest();
    case 'max':
      return numbers.length ? { value: Math.max(...numbers), why: 'max' } : newest();
    case 'min':
      return numbers.length ? { value: Math.min(...numbers), why: 'min' } : newest();
    case 'union': {
      if (!values.every(Array.isArray)) return { ...newest(), why: 'newest (not every version has a list)' };
      const seen = new Set<string>();
      const out: unknown[] = [];
      for (const v of [...holders].sort(newerFirst).reverse()) {
        for (const item of fieldOf(v, field) as unknown[]) {
          const id = JSON.stringify(item);
          if (seen.has(id)) continue;
          seen.add(id);
          out.push(item);
        }
      }
      return { value: out, why: 'union' };
    }
    case 'sum': {
      if (numbers.length !== values.length) return { ...newest(), why: 'newest (not every version has a number)' };
      const joined = joinCounters(...holders.map((v) => v.counters));
      return { value: round(counterValue(joined, field)), why: 'sum of deltas' };
    }
    default:
      return assertNever(rule, 'field rule');
  }
}

/**
 * Merges object values field by field. Each field is decided among the
 * versions that have it; a field no version has stays absent. Returns null
 * when some version is not an object (a delete, a list, a scalar).
 */
export function mergeFields(versions: readonly Version[], rules: FieldRules): { value: Record<string, unknown>; why: string } | null {
  if (!versions.every((v) => isPlainObject(v.value))) return null;
  const fields = [...new Set(versions.flatMap((v) => Object.keys(v.value as object)))].sort();
  const value: Record<string, unknown> = {};
  const reasons: string[] = [];
  for (const field of fields) {
    const holders = versions.filter((v) => Object.hasOwn(v.value as object, field));
    const outcome = applyRule(rules.fields[field] ?? rules.otherwise, field, holders);
    value[field] = outcome.value;
    reasons.push(`${field}: ${outcome.why}`);
  }
  return { value, why: `field rules (${reasons.join('; ')})` };
}
