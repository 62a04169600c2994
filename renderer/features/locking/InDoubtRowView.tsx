import { TestIds } from '../../testids';
import { Age } from './Age';
import { LocksList } from './LocksList';
import { NodeCells } from './NodeCells';
import type { InDoubtRow } from './rows';

/** One gid: its nodes (with actions), age, owner, xid age, locks and the sessions it blocks. */
export function InDoubtRowView({ clusterId, row, preparedAgeMs }: { clusterId: string; row: InDoubtRow; preparedAgeMs: number }) {
  const { entry, lead } = row;
  return (
    <>
      <tr className={entry.disagreement ? 'row-bad' : undefined} data-testid={TestIds.inDoubtRow} data-gid={row.gid} data-disagreement={entry.disagreement !== null} data-blocks={row.blocks.map((b) => b.pid).join(',')}>
        <td>
          <code className="gid">{row.gid}</code>
        </td>
        <td>
          <NodeCells clusterId={clusterId} row={row} />
        </td>
        <td className="nowrap">
          <Age since={entry.oldestPreparedAt} warnAfterMs={preparedAgeMs} forceWarn={entry.overAge} testId={TestIds.inDoubtAge} />
        </td>
        <td>
          {lead ? `${lead.owner} / ${lead.database}` : '—'}
        </td>
        <td>
          {lead ? lead.xidAge.toLocaleString() : '—'}
          {row.holdsXminHorizon && (
            <span className="flag" title="The oldest xmin on its node: vacuum cannot clean past it">
              {' '}
              holds xmin horizon
            </span>
          )}
        </td>
        <td>
          <LocksList clusterId={clusterId} row={row} />
        </td>
        <td>{row.blocks.length === 0 ? <span className="muted">none</span> : row.blocks.map((b) => `pid ${b.pid}`).join(', ')}</td>
      </tr>
      {entry.disagreement && (
        <tr className="row-bad">
          <td colSpan={7} className="error-text small" data-testid={TestIds.inDoubtDisagreement} data-gid={row.gid}>
            ⚠ Nodes disagree: {entry.disagreement}. Give it the same outcome everywhere.
          </td>
        </tr>
      )}
    </>
  );
}
