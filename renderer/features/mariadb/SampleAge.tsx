import { formatAgo, formatClock } from '../../lib/format';
import { isStale } from '../nodes/describe';
import { MariadbTestIds } from './testids';

/** "as of 0.8 s ago": how old the sample behind a panel is, stale-coloured past three sample intervals. */
export function SampleAge({ at, now, sampleIntervalMs }: { at: number | null; now: number; sampleIntervalMs: number }) {
  const stale = isStale(at, now, sampleIntervalMs);
  return (
    <span
      className={`freshness${stale ? ' stale' : ''}`}
      data-testid={MariadbTestIds.sampleAge}
      data-stale={stale}
      data-at={at ?? ''}
      title={at === null ? 'never sampled' : formatClock(at)}
    >
      {`as of ${formatAgo(at, now)}${stale ? ' (stale)' : ''}`}
    </span>
  );
}
