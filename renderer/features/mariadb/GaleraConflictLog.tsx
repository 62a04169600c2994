import type { GaleraConflictThread } from '../../../shared/engines/galera-conflict';
import type { MariadbNodeView } from './select';
import { MariadbTestIds } from './testids';

const query = (t: GaleraConflictThread | null) => (t?.query ? `${t.query}${t.queryCut ? '…' : ''}` : t ? '(no statement running)' : '—');

/**
 * The latest conflicts the nodes' error logs showed (through a `mariadb` node agent), newest first: the victim's
 * query and the winner's, as the log shows them. Nothing when no node has an agent.
 */
export function GaleraConflictLog({ nodes, nameOf }: { nodes: Readonly<Record<string, MariadbNodeView>>; nameOf: (nodeId: string) => string }) {
  const withAgent = Object.entries(nodes).filter(([, n]) => n.galera?.conflicts !== undefined);
  if (withAgent.length === 0) return null;
  const rows = withAgent.flatMap(([id, n]) => (n.galera?.conflicts ?? []).map((c) => ({ id, ...c }))).sort((x, y) => y.at - x.at);
  return (
    <>
      <div className="subsection-title">Conflicts from the error log ({withAgent.map(([id]) => nameOf(id)).join(', ')})</div>
      {rows.length === 0 ? (
        <div className="muted small">none since ReplicaDesk connected to the agent</div>
      ) : (
        <div className="table-scroll">
          <table className="grid-table">
            <thead>
              <tr>
                <th>Logged</th>
                <th>Node</th>
                <th>Kind</th>
                <th>Victim&apos;s query</th>
                <th>Table / key</th>
                <th>Winner&apos;s query</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c, i) => (
                <tr key={`${c.id}-${c.at}-${i}`} data-testid={MariadbTestIds.galeraConflict} data-node-id={c.id}>
                  <td>{c.record.loggedAt}</td>
                  <td>{nameOf(c.id)}</td>
                  <td>{c.record.kind === 'brute-force-abort' ? 'BF abort' : 'certification'}</td>
                  <td className="mono">{query(c.record.victim)}</td>
                  <td className="mono">{c.record.table ?? c.record.key ?? '—'}</td>
                  <td className="mono">{query(c.record.winner)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
