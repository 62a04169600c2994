import type { ConflictVersion, VersionVector } from '../../../shared/model/conflict';
import type { FieldRule, PolicyRequest } from '../../../shared/ipc/conflict-policy';
import { assertNever } from '../../../shared/result';

/** What a policy makes of a set of concurrent versions (the app's preview of the engine's decision). */
export interface PolicyDecision {
  /** False: the policy leaves the conflict open (manual, or version vectors with no dominating version). */
  settles: boolean;
  winner: string | null;
  value: unknown;
  why: string;
  /** False when the engine decides with data the conflict event does not carry (the `sum` rule's counters). */
  exact: boolean;
}

const at = (ms: number) => new Date(ms).toISOString();

/** Last-writer-wins order: later commit first; equal commit times go to the greater node id. */
export function newerFirst(a: ConflictVersion, b: ConflictVersion): number {
  if (a.committedAt !== b.committedAt) return b.committedAt - a.committedAt;
  return a.origin < b.origin ? 1 : a.origin > b.origin ? -1 : 0;
}

export function dominates(a: VersionVector, b: VersionVector): boolean {
  let bigger = false;
  for (const node of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[node] ?? 0;
    const y = b[node] ?? 0;
    if (x < y) return false;
    if (x > y) bigger = true;
  }
  return bigger;
}

export function lastWriterWins(versions: readonly ConflictVersion[]): PolicyDecision {
  const w = [...versions].sort(newerFirst)[0]!;
  const tie = versions.some((v) => v !== w && v.committedAt === w.committedAt);
  const why = tie
    ? `same commit time (${at(w.committedAt)}): ${w.origin} has the greatest node id`
    : `${w.origin}'s version was committed last (${at(w.committedAt)})`;
  return { settles: true, winner: w.origin, value: w.value, why, exact: true };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldRule(rule: FieldRule, field: string, holders: ConflictVersion[]): { value: unknown; why: string; exact: boolean } {
  const values = holders.map((v) => (v.value as Record<string, unknown>)[field]);
  const newestValue = () => ((holders.slice().sort(newerFirst)[0]!.value as Record<string, unknown>)[field]);
  const newest = (why = 'newest') => ({ value: newestValue(), why, exact: true });
  const numbers = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  switch (rule.kind) {
    case 'prefer-node': {
      const mine = holders.find((v) => v.origin === rule.node);
      return mine ? { value: (mine.value as Record<string, unknown>)[field], why: `from ${rule.node}`, exact: true } : newest(`newest (${rule.node} did not write it)`);
    }
    case 'newest':
      return newest();
    case 'max':
      return numbers.length ? { value: Math.max(...numbers), why: 'max', exact: true } : newest();
    case 'min':
      return numbers.length ? { value: Math.min(...numbers), why: 'min', exact: true } : newest();
    case 'union': {
      if (!values.every(Array.isArray)) return newest('newest (not every version has a list)');
      const seen = new Set<string>();
      const out: unknown[] = [];
      for (const v of holders.slice().sort(newerFirst).reverse()) {
        for (const item of (v.value as Record<string, unknown>)[field] as unknown[]) {
          const id = JSON.stringify(item);
          if (seen.has(id)) continue;
          seen.add(id);
          out.push(item);
        }
      }
      return { value: out, why: 'union', exact: true };
    }
    case 'sum':
      if (numbers.length !== values.length) return newest('newest (not every version has a number)');
      return { value: newestValue(), why: 'sum of deltas (the engine adds each peer’s delta to the common ancestor; the preview shows the newest value)', exact: false };
    default:
      return assertNever(rule, 'field rule');
  }
}

/** The decision of a policy on concurrent versions, reproducing the engine's documented rules. */
export function decidePolicy(versions: readonly ConflictVersion[], p: PolicyRequest): PolicyDecision {
  if (versions.length === 0) throw new Error('nothing to decide');
  switch (p.policy) {
    case 'manual':
      return { ...lastWriterWins(versions), settles: false, why: `stays open for an admin (suggestion: ${lastWriterWins(versions).why})` };
    case 'version-vector': {
      const top = versions.find((v) => versions.every((w) => w === v || (v.versionVector && w.versionVector && dominates(v.versionVector, w.versionVector))));
      if (top) return { settles: true, winner: top.origin, value: top.value, why: `${top.origin}'s version vector dominates the others`, exact: true };
      return { ...lastWriterWins(versions), settles: false, why: 'the versions are concurrent: no vector dominates, so it stays open' };
    }
    case 'last-writer-wins':
      return lastWriterWins(versions);
    case 'prefer-node': {
      const mine = versions.find((v) => v.origin === p.node);
      if (mine) return { settles: true, winner: mine.origin, value: mine.value, why: `${p.node} is the preferred node`, exact: true };
      const lww = lastWriterWins(versions);
      return { ...lww, why: `${p.node} did not write this key; ${lww.why}` };
    }
    case 'field-rules': {
      if (!versions.every((v) => isObject(v.value))) {
        const lww = lastWriterWins(versions);
        return { ...lww, why: `field rules need object values on every side; ${lww.why}` };
      }
      const fields = [...new Set(versions.flatMap((v) => Object.keys(v.value as object)))].sort();
      const value: Record<string, unknown> = {};
      const reasons: string[] = [];
      let exact = true;
      for (const field of fields) {
        const holders = versions.filter((v) => Object.hasOwn(v.value as object, field));
        const out = fieldRule(p.rules.fields[field] ?? p.rules.otherwise, field, holders);
        value[field] = out.value;
        reasons.push(`${field}: ${out.why}`);
        exact &&= out.exact;
      }
      return { settles: true, winner: null, value, why: `field rules (${reasons.join('; ')})`, exact };
    }
    default:
      return assertNever(p, 'conflict policy');
  }
}
