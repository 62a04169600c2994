/**
 * Per-field counters behind the `sum` rule (a PN-counter per numeric field):
 * every version records, per origin peer, the total of the increases and of
 * the decreases that origin made to the field. Joining two versions takes the
 * max per origin, so concurrent deltas add up exactly once, whatever the
 * order in which versions arrive.
 */
export type FieldCounters = Record<string, Record<string, { inc: number; dec: number }>>;

export function joinCounters(...all: FieldCounters[]): FieldCounters {
  const out: FieldCounters = {};
  for (const counters of all) {
    for (const [field, byOrigin] of Object.entries(counters)) {
      const slot = (out[field] ??= {});
      for (const [origin, c] of Object.entries(byOrigin)) {
        const cur = slot[origin];
        slot[origin] = cur ? { inc: Math.max(cur.inc, c.inc), dec: Math.max(cur.dec, c.dec) } : { ...c };
      }
    }
  }
  return out;
}

export function counterValue(counters: FieldCounters, field: string): number {
  let sum = 0;
  for (const c of Object.values(counters[field] ?? {})) sum += c.inc - c.dec;
  return sum;
}

/**
 * Counters for a new write by `origin` of `value`, on top of what the writer
 * saw (`seen`, the join of its current versions): each numeric field's delta
 * from the counted value is credited to `origin`. A field the value lacks (or
 * holds a non-number in) keeps its counters, so a later write that brings the
 * number back is measured from the common ancestor, not from zero. A delete
 * (not an object) starts over.
 */
export function countersForWrite(seen: FieldCounters, origin: string, value: unknown): FieldCounters {
  if (!isPlainObject(value)) return {};
  const out: FieldCounters = joinCounters(seen);
  for (const [field, v] of Object.entries(value)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const delta = v - counterValue(seen, field);
    const mine = ((out[field] ??= {})[origin] ??= { inc: 0, dec: 0 });
    if (delta > 0) mine.inc += delta;
    else mine.dec -= delta;
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
