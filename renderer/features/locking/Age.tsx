import { formatMs } from '../../lib/format';
import { useNow } from '../../lib/use-now';

/** A ticking age since `since` (ms epoch); warns past `warnAfterMs` (or when told to). */
export function Age({ since, warnAfterMs, forceWarn = false, testId }: { since: number | null; warnAfterMs?: number; forceWarn?: boolean; testId?: string }) {
  const now = useNow(1_000);
  if (since === null) return <span className="muted">—</span>;
  const ms = Math.max(0, now - since);
  const warn = forceWarn || (warnAfterMs !== undefined && ms > warnAfterMs);
  return (
    <span className={warn ? 'warn-text age-warn' : undefined} data-testid={testId} data-over={warn} title={new Date(since).toLocaleString()}>
      {formatMs(ms)}
    </span>
  );
}
