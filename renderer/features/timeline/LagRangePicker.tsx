import { LAG_RANGES, setLagRange, useLagRange } from './lag-range';

/** Live (15 min, every point) or a stored range from 5 min to 90 days. */
export function LagRangePicker() {
  const rangeMs = useLagRange((s) => s.rangeMs);
  return (
    <div className="segmented" role="group" aria-label="Lag range">
      {LAG_RANGES.map((r) => (
        <button key={r.label} className={r.ms === rangeMs ? 'active' : undefined} aria-pressed={r.ms === rangeMs} data-testid="lag-range" data-range={r.ms ?? 'live'} onClick={() => setLagRange(r.ms)}>
          {r.label}
        </button>
      ))}
    </div>
  );
}
