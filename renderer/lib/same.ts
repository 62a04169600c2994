/**
 * Structural equality for plain JSON-like data (what crosses IPC).
 * Used so an update that changes nothing keeps the previous object.
 */
export function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(rb, k) || !same(ra[k], rb[k])) return false;
  }
  return true;
}

/** `next` if it differs from `prev`, else `prev` (keeps identity for unchanged data). */
export function keepIfSame<T>(prev: T | undefined, next: T): T {
  return prev !== undefined && same(prev, next) ? prev : next;
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `record` without `keys`; the same object when none of them is in it (nothing re-renders). */
export function withoutKeys<T>(record: Readonly<Record<string, T>>, keys: readonly string[]): Readonly<Record<string, T>> {
  const gone = keys.filter((k) => record[k] !== undefined);
  if (gone.length === 0) return record;
  const out = { ...record };
  for (const k of gone) delete out[k];
  return out;
}
