import { useEffect } from 'react';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { ConflictInbox } from './ConflictInbox';
import { notifyConflict } from './notify';
import { onNewConflict, openCount, reviewCount, selectConflict, setConflictFilter, setInboxOpen, useConflicts } from './store';
import './conflicts.css';

/** The sidebar entry: a button with the open-conflict count; opens the inbox. Also raises desktop notifications. */
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
      <button className={`conflicts-button${count ? ' has-open' : ''}`} data-testid={TestIds.conflictsButton} onClick={() => setInboxOpen(!open)}>
        Conflicts
        <span className="conflicts-badge" data-testid={TestIds.conflictsBadge} data-count={count}>
          {count}
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
      {open && <ConflictInbox />}
    </>
  );
}
