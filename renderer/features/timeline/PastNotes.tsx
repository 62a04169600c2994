import { formatDateTime } from '../../lib/format';
import { TestIds } from '../../testids';

/** The header's note while the timeline shows a past moment: what on screen is from then, and what is live. */
export function PastBanner({ pastAt }: { pastAt: number }) {
  return (
    <div className="banner info" data-testid={TestIds.clusterPastBanner} data-past-at={pastAt}>
      Viewing {formatDateTime(pastAt)} as it was: the graph, node details, lag and warnings below are from then. The state badge and the
      line under it are live, now.
    </div>
  );
}

/** In place of "seen N s ago": a past moment is not a stale reading. */
export function PastFreshness({ pastAt }: { pastAt: number }) {
  return (
    <span className="freshness past" data-testid={TestIds.nodeFreshness} data-past-at={pastAt}>
      as it was at {formatDateTime(pastAt)}
    </span>
  );
}

/** In place of the node's action buttons: actions are planned against the cluster as it is now. */
export function PastActionsNote() {
  return (
    <div className="muted small" data-testid={TestIds.nodePastNote}>
      Actions act on the cluster as it is now: press Now on the timeline to see it live and act.
    </div>
  );
}
