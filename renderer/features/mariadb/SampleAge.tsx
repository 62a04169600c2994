import { formatAgo, formatClock } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { isStale } from '../nodes/describe';
import { MariadbTestIds } from './testids';

/** "as of 0.8 s ago": how old the sample behind a panel is, stale-coloured past three sample intervals. */
export function SampleAge({ at, sampleIntervalMs, prefix = 'as of' }: { at: number | null; sampleIntervalMs: number; prefix?: string }) {
  const now = useNow(500);
  const stale = isStale(at, now, sampleIntervalMs);
  return (
    <span
      className={`freshness${stale ? ' stale' : ''}`}
      data-testid={MariadbTestIds.sampleAge}
      data-stale={stale}
      data-at={at ?? ''}
      title={at === null ? 'never sampled' : formatClock(at)}
    >
      {prefix} {formatAgo(at, now)}
      {stale && ' (stale)'}
    </span>
  );
}
