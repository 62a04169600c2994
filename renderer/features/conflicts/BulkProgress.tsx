import type { BulkRun } from '../../../shared/ipc/conflict-bulk';
import { TestIds } from '../../testids';
import { useBulkRuns, type BulkKind } from './bulk-store';

const SHOWN_FAILURES = 50;

/** The cluster's last bulk resolution (or bulk review): n of N, per second, and every failure by key (the first 50 listed). */
export function BulkProgress({ clusterId }: { clusterId: string }) {
  const run = useBulkRuns((s) => s.byCluster[clusterId]);
  const kind = useBulkRuns((s) => s.kindOf[clusterId] ?? 'resolve');
  if (!run) return null;
  return (
    <div className="bulk-progress" data-testid={TestIds.bulkProgress} data-kind={kind} data-done={run.done} data-total={run.total} data-finished={run.finished}>
      <progress max={run.total} value={run.done} aria-label={kind === 'review' ? 'Bulk review progress' : 'Bulk resolution progress'} />
      <p className="small">{bulkLine(run, kind)}</p>
      {run.failed.length > 0 && (
        <details open={run.failed.length <= 10} data-testid={TestIds.bulkFailures} data-count={run.failed.length}>
          <summary className="error-text">
            {run.failed.length} not {kind === 'review' ? 'reviewed' : 'resolved'}
          </summary>
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

export function bulkLine(r: BulkRun, kind: BulkKind = 'resolve'): string {
  const rate = `${r.perSecond.toFixed(0)}/s`;
  const how = r.mode === 'batch' ? `${r.batches} batch(es)` : 'one at a time (this engine takes no batches)';
  // The ones not done are listed below with why (refused, superseded, not converged): not "converged … N not".
  const not = r.failed.length ? ` ${r.failed.length} were not (each listed below with why).` : '';
  const none = r.resolvedCount === 0;
  if (kind === 'review') {
    if (!r.finished) return `Reviewing… ${r.done} of ${r.total} (${r.resolvedCount} reviewed and converged, ${rate}; ${how})`;
    const each = none ? '' : `: each accepted (nothing written) or overturned (the pick written) and read back converged on every node`;
    return `Reviewed ${r.resolvedCount} of ${r.total} engine decisions in ${(r.elapsedMs / 1000).toFixed(1)} s (${rate}; ${how})${each}.${not}`;
  }
  if (!r.finished) return `Resolving… ${r.done} of ${r.total} (${r.resolvedCount} resolved and converged, ${rate}; ${how})`;
  return `Resolved ${r.resolvedCount} of ${r.total} in ${(r.elapsedMs / 1000).toFixed(1)} s (${rate}; ${how})${none ? '' : ', each read back converged on every node'}.${not}`;
}
