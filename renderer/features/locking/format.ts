import { LockingLimitsSchema, type LockingLimits } from '../../../shared/model/locking';
import { parseOrFail } from '../../../shared/validate';

/** A query on one line, cut to `max` characters (the full text goes in a title / the expanded row). */
export function truncateQuery(query: string, max = 80): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "idle in transaction" → as is; null (not a client state) → "—". */
export const orDash = (v: string | null | undefined): string => (v === null || v === undefined || v === '' ? '—' : v);

/** "Lock: transactionid", "—" when it does not wait. */
export function waitLabel(type: string | null, event: string | null): string {
  if (!type && !event) return '—';
  return [type, event].filter(Boolean).join(': ');
}

/** The limits as typed (seconds) → validated limits (ms), or the reason naming the field. */
export function limitsFromSeconds(preparedAgeS: string, chainWaitS: string): { ok: true; limits: LockingLimits } | { ok: false; reason: string } {
  const ms = (t: string) => (t.trim() === '' ? Number.NaN : Math.round(Number(t) * 1000));
  const r = parseOrFail(LockingLimitsSchema, { preparedAgeMs: ms(preparedAgeS), chainWaitMs: ms(chainWaitS) }, 'locking limits');
  return r.ok ? { ok: true, limits: r.value } : { ok: false, reason: r.reason };
}

/** Limits (ms) → the form's seconds. */
export const toSeconds = (ms: number): string => String(ms / 1000);
