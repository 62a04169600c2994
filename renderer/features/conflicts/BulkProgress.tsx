import type { BulkRun } from '../../../shared/ipc/conflict-bulk';
import { TestIds } from '../../testids';
import { useBulkRuns } from './bulk-store';

const SHOWN_FAILURES = 50;

/** The cluster's last bulk resolution: n of N, per second, and every failure by key (the first 50 listed). */
export function BulkProgress({ clusterId }: { clusterId: string }) {
  const run = useBulkRuns((s) => s.byCluster[clusterId]);
  if (!run) return null;
  return (
    <div className="bulk-progress" data-testid={TestIds.bulkProgress} data-done={run.done} data-total={run.total} data-finished={run.finished}>
      <progress max={run.total} value={run.done} aria-label="Bulk resolution progress" />
      <p className="small">{line(run)}</p>
      {run.failed.length > 0 && (
        <details open={run.failed.length <= 10} data-testid={TestIds.bulkFailures} data-count={run.failed.length}>
          <summary className="error-text">{run.failed.length} not resolved</summary>
          <ul className="small">
            {run.failed.slice(0, SHOWN_FAILURES).map((f) => (
              <li key={f.conflictId}>
                <code>{f.key || f.conflictId}</code> <span className="muted">({f.stage})</span> {f.reason}
              </li>
            ))}
            {run.failed.length > SHOWN_FAILURES && <li className="muted">and {run.failed.length - SHOWN_FAILURES} more</li>}
          </ul>
        </details>
      )}
    </div>
  );
}

function line(r: BulkRun): string {
  const rate = `${r.perSecond.toFixed(0)}/s`;
  const how = r.mode === 'batch' ? `${r.batches} batch(es)` : 'one at a time (this engine takes no batches)';
  if (!r.finished) return `Resolving… ${r.done} of ${r.total} (${r.resolvedCount} resolved and converged, ${rate}; ${how})`;
  return `Resolved ${r.resolvedCount} of ${r.total} in ${(r.elapsedMs / 1000).toFixed(1)} s (${rate}; ${how}), each read back converged on every node${r.failed.length ? `; ${r.failed.length} not` : ''}.`;
}
