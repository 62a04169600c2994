import { assertNever } from '../../../shared/result';
import { mergeFields } from './field-merge';
import type { PolicyConfig } from './rules';
import { newest, type Version } from './version';

/** What a policy makes of a set of concurrent versions. */
export interface Decision {
  value: unknown;
  /** The peer whose version wins whole, or null for a merge. */
  winner: string | null;
  why: string;
}

function at(ms: number): string {
  return new Date(ms).toISOString();
}

/** Last writer wins: the latest commit timestamp; equal timestamps go to the greater node id. */
export function lastWriterWins(versions: readonly Version[]): Decision {
  const w = newest(versions);
  const tie = versions.some((v) => v !== w && v.committedAt === w.committedAt);
  const why = tie
    ? `same commit time (${at(w.committedAt)}): ${w.origin} has the greatest node id`
    : `${w.origin}'s version was committed last (${at(w.committedAt)})`;
  return { value: w.value, winner: w.origin, why };
}

/**
 * Decides concurrent versions under a policy. Deterministic in the set of
 * versions (not their arrival order), so every peer reaches the same value.
 * Manual and version-vector leave the conflict open: the decision is then
 * only a suggestion (last writer wins).
 */
export function decide(versions: readonly Version[], config: PolicyConfig): Decision {
  if (versions.length === 0) throw new Error('nothing to decide');
  switch (config.policy) {
    case 'manual':
    case 'version-vector':
    case 'last-writer-wins':
      return lastWriterWins(versions);
    case 'prefer-node': {
      const mine = versions.find((v) => v.origin === config.node);
      if (mine) return { value: mine.value, winner: mine.origin, why: `${config.node} is the preferred node` };
      const lww = lastWriterWins(versions);
      return { ...lww, why: `${config.node} did not write this key; ${lww.why}` };
    }
    case 'field-rules': {
      const merged = mergeFields(versions, config.rules);
      if (merged) return { value: merged.value, winner: null, why: merged.why };
      const lww = lastWriterWins(versions);
      return { ...lww, why: `field rules need object values on every side; ${lww.why}` };
    }
    default:
      return assertNever(config, 'conflict policy');
  }
}
