import { create } from 'zustand';

/** Ranges the lag charts offer; null is the live 15 minutes. */
export const LAG_RANGES = [
  { label: 'Live', ms: null },
  { label: '5 min', ms: 5 * 60_000 },
  { label: '1 h', ms: 3_600_000 },
  { label: '24 h', ms: 24 * 3_600_000 },
  { label: '7 d', ms: 7 * 24 * 3_600_000 },
  { label: '30 d', ms: 30 * 24 * 3_600_000 },
  { label: '90 d', ms: 90 * 24 * 3_600_000 },
] as const;

export const useLagRange = create<{ rangeMs: number | null }>(() => ({ rangeMs: null }));

export function setLagRange(rangeMs: number | null): void {
  useLagRange.setState({ rangeMs });
}

/** Lag range shown around a past moment when no range was picked (the live view is 15 min). */
export const PAST_DEFAULT_RANGE_MS = 15 * 60_000;

/**
 * While the timeline shows a past moment, the lag charts show the stored range centred on it
 * (never live data): the picked range (or 15 min), ending half a range after the moment (not after now).
 */
export function pastLagWindow(cursor: number, rangeMs: number | null, now: number): { rangeMs: number; to: number } {
  const range = rangeMs ?? PAST_DEFAULT_RANGE_MS;
  return { rangeMs: range, to: Math.min(now, cursor + range / 2) };
}
