import { useEffect } from 'react';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { ConflictInbox } from './ConflictInbox';
import { notifyConflict } from './notify';
import { onNewConflict, openCount, openInbox, reviewCount, selectConflict, setConflictFilter, setInboxOpen, useConflicts } from './store';
import './conflicts.css';

/**
 * The sidebar entry: "Conflicts" with the open count, and beside it (when there are any) the engine's
 * decisions awaiting review, both whole on one row (wrapping, never clipped). Opens the inbox on the tab
 * with work in it. Also raises desktop notifications.
 */
export function ConflictsEntry() {
  const count = useConflicts(openCount);
  const toReview = useConflicts(reviewCount);
  const open = useConflicts((s) => s.open);
  useEffect(
    () =>
      onNewConflict((c) => {
        const name = useClusters.getState().byId[c.clusterId]?.name ?? c.clusterId;
        notifyConflict(c, name, () => {
          setInboxOpen(true);
          selectConflict(c.id);
        });
      }),
    [],
  );
  return (
    <>
      <ConflictsBadges count={count} toReview={toReview} open={open} />
      {open && <ConflictInbox />}
    </>
  );
}

/** "Conflicts [n open]" and, when there are any, "[m to review]": both whole, side by side (wrapping, never clipped). */
export function ConflictsBadges({ count, toReview, open }: { count: number; toReview: number; open: boolean }) {
  return (
    <div className="conflicts-entry">
      <button
        className={`conflicts-button${count ? ' has-open' : ''}`}
        data-testid={TestIds.conflictsButton}
        title="Conflicts waiting for a decision (open), and the engine's decisions waiting for your review"
        onClick={() => (open ? setInboxOpen(false) : openInbox())}
      >
        Conflicts
        <span className="conflicts-badge" data-testid={TestIds.conflictsBadge} data-count={count}>
          {count} open
        </span>
      </button>
      {toReview > 0 && (
        <button
          className="conflicts-review"
          data-testid={TestIds.conflictsReviewBadge}
          data-count={toReview}
          title="Conflicts the engine resolved (pglogical) that await your review: accept or overturn"
          onClick={() => {
            setConflictFilter({ status: 'review' });
            setInboxOpen(true);
          }}
        >
          {toReview} to review
        </button>
      )}
    </div>
  );
}
