import { formatAgo, formatClock } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { isStale } from './describe';

/** "measured 0.8 s ago", turning stale-coloured past three sample intervals. Only this ticks. */
export function Freshness({ at, sampleIntervalMs, prefix = 'measured' }: { at: number | null; sampleIntervalMs: number; prefix?: string }) {
  const now = useNow(500);
  const stale = isStale(at, now, sampleIntervalMs);
  return (
    <span
      className={`freshness${stale ? ' stale' : ''}`}
      data-testid={TestIds.nodeFreshness}
      data-stale={stale}
      data-age-ms={at === null ? '' : Math.max(0, now - at)}
      title={at === null ? 'never measured' : formatClock(at)}
    >
      {prefix ? `${prefix} ` : ''}
      {formatAgo(at, now)}
      {stale && ' (stale)'}
    </span>
  );
}
