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
