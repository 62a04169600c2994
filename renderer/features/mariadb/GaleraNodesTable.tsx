import type { MariadbNodeView } from './select';
import { selectNode } from '../topology/selection';
import { formatPaused, formatRate, galeraNodeTrouble } from './describe';
import { MariadbTestIds } from './testids';

/** Every node's wsrep state; a node in trouble is coloured and says why in its tooltip. */
export function GaleraNodesTable({ nodes, nameOf }: { nodes: Readonly<Record<string, MariadbNodeView>>; nameOf: (nodeId: string) => string }) {
  const ids = Object.keys(nodes).sort();
  return (
    <div className="table-scroll">
      <table className="grid-table">
        <thead>
          <tr>
            <th>Node</th>
            <th>Cluster status</th>
            <th>State</th>
            <th className="num">Size</th>
            <th className="num">FC paused</th>
            <th className="num">Recv q</th>
            <th className="num">Send q</th>
            <th className="num">Cert fail/s</th>
            <th className="num">BF abort/s</th>
            <th className="num">Last committed</th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => {
            const g = nodes[id]?.galera ?? null;
            const trouble = g ? galeraNodeTrouble(g) : 'no wsrep state read from this node';
            return (
              <tr
                key={id}
                className={`clickable${trouble ? ' row-warn' : ''}`}
                title={trouble ?? undefined}
                onClick={() => selectNode(id)}
                data-testid={MariadbTestIds.galeraNode}
                data-node-id={id}
                data-cluster-status={g?.clusterStatus ?? ''}
                data-local-state={g?.localState ?? ''}
                data-desynced={g?.desynced ?? ''}
              >
                <td>{nameOf(id)}</td>
                <td className={g && g.clusterStatus !== 'Primary' ? 'bad-text' : undefined}>{g?.clusterStatus ?? '—'}</td>
                <td>
                  {g?.localState ?? '—'}
                  {g?.desynced && !/desync/i.test(g.localState) && <span className="flag"> desynced</span>}
                </td>
                <td className="num">{g?.clusterSize ?? '—'}</td>
                <td className={`num${g && g.flowControlPaused >= 0.1 ? ' warn-text' : ''}`}>{g ? formatPaused(g.flowControlPaused) : '—'}</td>
                <td className="num">{g?.recvQueue ?? '—'}</td>
                <td className="num">{g?.sendQueue ?? '—'}</td>
                <td className="num">{formatRate(g?.certFailuresPerS ?? null)}</td>
                <td className="num">{formatRate(g?.bfAbortsPerS ?? null)}</td>
                <td className="num">{g?.lastCommitted ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
