import { useMemo } from 'react';
import type { LockingSnapshot } from '../../../shared/model/locking';
import { TestIds } from '../../testids';
import { InDoubtRowView } from './InDoubtRowView';
import { inDoubtRows } from './rows';

/** Prepared transactions waiting for COMMIT / ROLLBACK PREPARED, one row per gid, oldest first. */
export function InDoubtTable({ clusterId, snapshot }: { clusterId: string; snapshot: LockingSnapshot }) {
  const rows = useMemo(() => inDoubtRows(snapshot), [snapshot]);
  const twoPhaseOff = snapshot.nodes.every((n) => n.error !== null || n.maxPrepared === 0);
  return (
    <div data-testid={TestIds.inDoubtTable} data-count={rows.length}>
      <div className="subsection-title">In-doubt transactions</div>
      {rows.length === 0 ? (
        <div className="muted small">
          No prepared transactions{twoPhaseOff ? ' (max_prepared_transactions is 0: two-phase commit is off on every node read)' : ''}.
        </div>
      ) : (
        <table className="locking-table">
          <thead>
            <tr>
              <th>gid</th>
              <th>nodes</th>
              <th>age</th>
              <th>owner / database</th>
              <th>xid age</th>
              <th>locks</th>
              <th>blocks</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <InDoubtRowView key={r.gid} clusterId={clusterId} row={r} preparedAgeMs={snapshot.limits.preparedAgeMs} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
