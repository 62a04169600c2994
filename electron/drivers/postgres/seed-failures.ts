import { fail, type Failure } from '../../../shared/result';
import type { NodeView } from './node-view';

/** A seed that answered but refused what the spec says (the login, TLS, or it is no PostgreSQL): an input mistake, even when another seed reads. */
export function refusedSeed(views: readonly NodeView[]): Failure | null {
  const refused = views.find((v) => v.failure && SEED_INPUT_ERRORS.has(v.failure.code));
  return refused?.failure ? fail(refused.failure.code, `${refused.failure.reason} (a seed of this cluster: fix it or leave it out)`) : null;
}

/** Failures where the server answered and refused what the spec says: the login, TLS, or it is no PostgreSQL. */
const SEED_INPUT_ERRORS = new Set(['auth-failed', 'tls-mismatch', 'not-postgres']);

/** No seed could be read: the first failure, or all of them. */
export function seedFailure(views: readonly NodeView[]): Failure {
  const failures = views.flatMap((v) => (v.failure ? [v.failure] : []));
  const first = failures[0] ?? fail('unknown', 'no seed could be read');
  if (failures.length <= 1) return first;
  return fail(first.code, `no seed could be read: ${failures.map((f) => f.reason).join(' | ')}`);
}
