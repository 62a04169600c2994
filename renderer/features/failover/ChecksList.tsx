import type { PreflightCheck } from '../../../shared/model/action';
import { TestIds } from '../../testids';
import { orderedChecks, planBlockers } from './plan-logic';

function icon(c: PreflightCheck): string {
  if (c.ok) return '✔';
  return c.severity === 'blocker' ? '✖' : c.severity === 'warning' ? '⚠' : 'ℹ';
}

/** Pre-flight checks, failures first; the number of failed blockers is called out above the list. */
export function ChecksList({ checks }: { checks: readonly PreflightCheck[] }) {
  const blockers = planBlockers({ checks });
  return (
    <>
      {blockers.length > 0 && (
        <div className="banner bad plan-blockers" data-testid={TestIds.planBlockers} data-count={blockers.length}>
          {/* The reasons are in the rows below, once: the summary only counts them. */}
          <strong>Cannot run: {blockers.length} blocking check{blockers.length > 1 ? 's' : ''} failed (marked ✖ below).</strong>
        </div>
      )}
      <ul className="check-list">
        {orderedChecks(checks).map((c) => (
          <li
            key={c.id}
            className={`check-row ${c.ok ? 'check-ok' : `check-fail sev-${c.severity}`}`}
            data-testid={TestIds.planCheck}
            data-check-id={c.id}
            data-ok={c.ok}
            data-severity={c.severity}
          >
            <span className="check-icon" aria-label={c.ok ? 'passed' : 'failed'}>
              {icon(c)}
            </span>
            {/* A severity says what failing would mean: shown only for a check that failed. */}
            {!c.ok && <span className={`check-sev sev-${c.severity}`}>{c.severity}</span>}
            <span className="check-id">{c.id}</span>
            <span className="check-explanation">{c.explanation}</span>
          </li>
        ))}
        {checks.length === 0 && <li className="muted small">No pre-flight checks for this action.</li>}
      </ul>
    </>
  );
}
