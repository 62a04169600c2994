import type { PostgresSpec } from '../../../shared/model/cluster';
import { fail, ok, type Result } from '../../../shared/result';
import { parseConnectionString, type PgTarget } from './conn-string';

/** A seed as it may be shown: passwords blanked in URIs and key=value strings. */
export function redactConnectionString(s: string): string {
  return s
    .replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):[^/?#\s]*@/i, '$1:***@')
    .replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***');
}

/** Parses every seed; the first bad one is named (by position, without its password). */
export function parseSeeds(seeds: readonly string[]): Result<PgTarget[]> {
  const out: PgTarget[] = [];
  for (const [i, seed] of seeds.entries()) {
    const parsed = parseConnectionString(seed);
    if (!parsed.ok) {
      return fail('invalid-connection-string', `seed ${i + 1} (${redactConnectionString(seed)}): ${parsed.reason}`);
    }
    out.push(parsed.value);
  }
  if (out.length === 0) return fail('invalid-connection-string', 'add at least one connection string');
  return ok(out);
}

export function validatePostgresSpec(spec: Pick<PostgresSpec, 'seeds'>): Result<void> {
  const seeds = parseSeeds(spec.seeds);
  return seeds.ok ? ok(undefined) : seeds;
}
