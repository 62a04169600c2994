import type { ClusterHeadline, HeadlineState } from '../../../shared/model/cluster-state';
import { assertNever } from '../../../shared/result';
import { formatDuration } from '../../lib/format';

/** The badge word for a state. */
export function headlineLabel(state: HeadlineState): string {
  switch (state) {
    case 'healthy':
      return 'healthy';
    case 'partly-read':
      return 'partly read';
    case 'degraded':
      return 'degraded';
    case 'primary-down':
      return 'primary down';
    case 'primary-unreachable':
      return 'primary unreachable';
    case 'no-writable-primary':
      return 'no writable primary';
    case 'split-brain':
      return 'split brain';
    case 'fenced-old-primary':
      return 'fenced old primary';
    case 'no-leader':
      return 'no leader';
    case 'no-server-answers':
      return 'no server answers';
    default:
      return assertNever(state, 'headline state');
  }
}

/** A reading older than two intervals (and at least 3 s) is stale: say how old it is. */
export function staleness(h: ClusterHeadline, intervalMs: number, now: number): string | null {
  const age = now - h.asOf;
  return age > Math.max(3_000, 2 * intervalMs) ? `as of ${formatDuration(age)} ago` : null;
}

/** "primary n1 down 12 s: fail over to n2, ranked first: lag 0 B" (plus the age of a stale reading). */
export function headlineSentence(h: ClusterHeadline, intervalMs: number, now: number): string {
  const lasting = h.state === 'healthy' ? '' : ` ${formatDuration(Math.max(0, h.asOf - h.since))}`;
  const next = h.suggestion ? `: ${h.suggestion.text}` : '';
  const stale = staleness(h, intervalMs, now);
  return `${h.title}${lasting}${next}${stale ? ` (${stale})` : ''}`;
}
