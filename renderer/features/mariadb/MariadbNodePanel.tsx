import { useNow } from '../../lib/use-now';
import { useClusters } from '../clusters/store';
import { selectedNodeId, useSelection } from '../topology/selection';
import { useNodeName } from '../topology/node-name';
import { useEngineDetail } from './detail-store';
import { MariadbNodeFacts } from './MariadbNodeFacts';
import { SampleAge } from './SampleAge';
import { selectMariadbDetail, selectTakenAt, type MariadbNodeView } from './select';
import { MariadbTestIds } from './testids';
import './mariadb.css';

/** The selected MariaDB server's replication facts; nothing for another engine or with no node selected. */
export function MariadbNodePanel({ clusterId }: { clusterId: string }) {
  const nodeId = useSelection(selectedNodeId);
  const hasDetail = useEngineDetail((s) => selectMariadbDetail(s, clusterId) !== null);
  if (nodeId === null || !hasDetail) return null;
  return <ConnectedNodePanel clusterId={clusterId} nodeId={nodeId} />;
}

function ConnectedNodePanel({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const node = useEngineDetail((s) => selectMariadbDetail(s, clusterId)?.nodes[nodeId] ?? null);
  const takenAt = useEngineDetail((s) => selectTakenAt(s, clusterId));
  const sampleIntervalMs = useClusters((s) => s.byId[clusterId]?.sampleIntervalMs ?? 1_000);
  const name = useNodeName(clusterId, nodeId);
  const now = useNow(1_000);
  return <MariadbNodePanelView {...{ nodeId, name, node, takenAt, now, sampleIntervalMs }} />;
}

export interface MariadbNodePanelProps {
  nodeId: string;
  name: string;
  /** null: the newest sample did not read this server. */
  node: MariadbNodeView | null;
  takenAt: number | null;
  now: number;
  sampleIntervalMs: number;
}

export function MariadbNodePanelView({ nodeId, name, node, takenAt, now, sampleIntervalMs }: MariadbNodePanelProps) {
  return (
    <section className="panel mariadb-node-panel" data-testid={MariadbTestIds.nodePanel} data-node-id={nodeId} data-read={node !== null}>
      <header className="panel-head">
        <h2>MariaDB · {name}</h2>
        <span className="spacer" />
        <SampleAge at={takenAt} now={now} sampleIntervalMs={sampleIntervalMs} />
      </header>
      {node === null ? (
        <div className="muted small">Not read in the newest sample (the server did not answer): no position here would be current.</div>
      ) : (
        <MariadbNodeFacts node={node} now={now} />
      )}
    </section>
  );
}
