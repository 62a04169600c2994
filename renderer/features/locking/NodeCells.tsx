import { TestIds } from '../../testids';
import { ActionButton } from './ActionButton';
import { NodeName } from './NodeName';
import { cellLabel, type InDoubtRow } from './rows';

/** Where the gid stands on each node; COMMIT / ROLLBACK PREPARED where it can run (a writable node holding it). */
export function NodeCells({ clusterId, row }: { clusterId: string; row: InDoubtRow }) {
  return (
    <ul className="node-cells">
      {row.cells.map((c) => (
        <li key={c.nodeId} className={`node-cell cell-${c.state}`} data-testid={TestIds.inDoubtCell} data-node-id={c.nodeId} data-state={c.state} title={c.note ?? undefined}>
          <span className="cell-node">
            <NodeName clusterId={clusterId} nodeId={c.nodeId} />
          </span>
          <span className={`cell-state cell-${c.state}`}>{cellLabel(c.state)}</span>
          {c.canAct && (
            <span className="cell-actions">
              <ActionButton clusterId={clusterId} nodeId={c.nodeId} kind="commit-prepared" what={{ gid: row.gid }} />
              <ActionButton clusterId={clusterId} nodeId={c.nodeId} kind="rollback-prepared" what={{ gid: row.gid }} />
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
