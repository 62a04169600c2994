import type { LockingSnapshot } from '../../../shared/model/locking';
import { TestIds } from '../../testids';
import { NodeName } from './NodeName';

const KINDS = ['lock', 'snapshot', 'bufferpin', 'deadlock', 'tablespace'] as const;

/** Per standby and database: queries recovery cancelled, by cause (pg_stat_database_conflicts). */
export function StandbyConflicts({ clusterId, snapshot }: { clusterId: string; snapshot: LockingSnapshot }) {
  const standbys = snapshot.nodes.filter((n) => n.inRecovery && !n.error);
  if (standbys.length === 0) return null;
  return (
    <div data-testid={TestIds.standbyConflicts}>
      <div className="subsection-title">Standby conflicts (queries cancelled by recovery)</div>
      <table className="locking-table compact">
        <thead>
          <tr>
            <th>standby</th>
            <th>database</th>
            {KINDS.map((k) => (
              <th key={k}>{k}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {standbys.flatMap((n) =>
            n.standbyConflicts.map((c) => (
              <tr key={`${n.nodeId}|${c.database}`} data-testid={TestIds.standbyConflictRow} data-node-id={n.nodeId} data-database={c.database} data-lock={c.lock}>
                <td>
                  <NodeName clusterId={clusterId} nodeId={n.nodeId} />
                </td>
                <td>{c.database}</td>
                {KINDS.map((k) => (
                  <td key={k} className={c[k] > 0 ? 'warn-text' : 'muted'}>
                    {c[k]}
                  </td>
                ))}
              </tr>
            )),
          )}
          {standbys.every((n) => n.standbyConflicts.length === 0) && (
            <tr>
              <td colSpan={7} className="muted small">
                No databases reported.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
