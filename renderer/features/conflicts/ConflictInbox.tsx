import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { ConflictDetail } from './ConflictDetail';
import { InboxFilters } from './InboxFilters';
import { InboxList } from './InboxList';
import { PolicyPanel } from './PolicyPanel';
import { EnginePolicyControl } from './EnginePolicyControl';
import { buildRows } from './rows';
import { useNow } from '../../lib/use-now';
import { setInboxOpen, useConflicts } from './store';

/** One inbox for every cluster: filters, the grouped virtual list, the selected conflict, and policies. */
export function ConflictInbox() {
  const byId = useConflicts((s) => s.byId);
  const filter = useConflicts((s) => s.filter);
  const selectedId = useConflicts((s) => s.selectedId);
  const clusterOrder = useClusters(useShallow((s) => s.ids as string[]));
  const now = useNow(filter.maxAgeMs > 0 ? 5_000 : 60_000);
  const { rows, ids } = useMemo(() => buildRows(Object.values(byId), filter, now, clusterOrder), [byId, filter, now, clusterOrder]);
  const selected = selectedId ? byId[selectedId] : undefined;
  const policyCluster = selected?.clusterId ?? (rows[0]?.type === 'group' ? rows[0].clusterId : null);
  // Bulk works on the shown conflicts of the policy's cluster: the open ones (resolve) or the engine's decisions awaiting review (review); not on history.
  const bulkIds = useMemo(() => (filter.status === 'resolved' || !policyCluster ? [] : ids.filter((id) => byId[id]?.clusterId === policyCluster)), [filter.status, policyCluster, ids, byId]);
  const policyClusterName = useClusters((s) => (policyCluster ? (s.byId[policyCluster]?.name ?? policyCluster) : ''));
  return (
    <div className="conflict-inbox" data-testid={TestIds.conflictInbox} data-count={ids.length} role="dialog" aria-label="Conflict inbox">
      <header className="panel-head">
        <h2>Conflict inbox</h2>
        <span className="muted small">{ids.length} shown</span>
        <span className="spacer" />
        <button data-testid={TestIds.conflictInboxClose} onClick={() => setInboxOpen(false)}>
          Close
        </button>
      </header>
      <InboxFilters />
      <div className="conflict-body">
        <InboxList rows={rows} />
        <div className="conflict-side">
          {selected ? <ConflictDetail key={selected.id} conflict={selected} /> : <div className="muted pad">Select a conflict to compare its versions.</div>}
          {policyCluster && <EnginePolicyControl key={`engine-${policyCluster}`} clusterId={policyCluster} clusterName={policyClusterName} />}
          {policyCluster && <PolicyPanel key={policyCluster} clusterId={policyCluster} bulkIds={bulkIds} bulkKind={filter.status === 'review' ? 'review' : 'resolve'} />}
        </div>
      </div>
    </div>
  );
}
