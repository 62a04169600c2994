import { useShallow } from 'zustand/react/shallow';
import { useNow } from '../../lib/use-now';
import { useClusters } from '../clusters/store';
import { selectNodeName } from '../topology/node-name';
import { useTopology } from '../topology/store';
import { useEngineDetail } from './detail-store';
import { BootstrapAdvice } from './BootstrapAdvice';
import { describePartition } from './describe';
import { GaleraComponents } from './GaleraComponents';
import { GaleraNodesTable } from './GaleraNodesTable';
import { GaleraConflictLog } from './GaleraConflictLog';
import { SampleAge } from './SampleAge';
import { hasGalera, selectMariadbDetail, selectTakenAt, type MariadbDetail } from './select';
import { MariadbTestIds } from './testids';
import './mariadb.css';

/** Shown only for a MariaDB cluster whose sample carries Galera state. */
export function GaleraPanel({ clusterId }: { clusterId: string }) {
  const detail = useEngineDetail((s) => selectMariadbDetail(s, clusterId));
  if (!detail || !hasGalera(detail)) return null;
  return <ConnectedGaleraPanel clusterId={clusterId} detail={detail} />;
}

function ConnectedGaleraPanel({ clusterId, detail }: { clusterId: string; detail: MariadbDetail }) {
  const takenAt = useEngineDetail((s) => selectTakenAt(s, clusterId));
  const sampleIntervalMs = useClusters((s) => s.byId[clusterId]?.sampleIntervalMs ?? 1_000);
  const ids = Object.keys(detail.nodes);
  const names = useTopology(useShallow((s) => Object.fromEntries(ids.map((id) => [id, selectNodeName(s, clusterId, id)]))));
  const now = useNow(1_000);
  return <GaleraPanelView {...{ detail, names, takenAt, now, sampleIntervalMs }} />;
}

export interface GaleraPanelProps {
  detail: MariadbDetail;
  /** Display names by node id (a node missing here shows its id). */
  names: Readonly<Record<string, string>>;
  takenAt: number | null;
  now: number;
  sampleIntervalMs: number;
}

/** Components (a partition shows several, non-Primary highlighted), each node's wsrep state, bootstrap advice. */
export function GaleraPanelView({ detail, names, takenAt, now, sampleIntervalMs }: GaleraPanelProps) {
  const nameOf = (id: string) => names[id] ?? id;
  const sizes = Object.values(detail.nodes).flatMap((n) => (n.galera?.clusterStatus === 'Primary' ? [n.galera.clusterSize] : []));
  const size = sizes.length ? Math.max(...sizes) : null;
  const partition = detail.galera ? describePartition(detail.galera) : null;
  return (
    <section className="panel galera-panel" data-testid={MariadbTestIds.galeraPanel} data-size={size ?? ''} data-components={detail.galera?.components.length ?? ''}>
      <header className="panel-head">
        <h2>Galera</h2>
        <span className="muted small">{size === null ? 'no Primary component' : `cluster size ${size}`}</span>
        <span className="spacer" />
        <SampleAge at={takenAt} now={now} sampleIntervalMs={sampleIntervalMs} />
      </header>
      {partition && (
        <div className="banner bad" data-testid={MariadbTestIds.galeraPartition}>
          {partition}
        </div>
      )}
      {detail.galera && <GaleraComponents components={detail.galera.components} nameOf={nameOf} />}
      {detail.galera?.bootstrap && <BootstrapAdvice advice={detail.galera.bootstrap} name={nameOf(detail.galera.bootstrap.nodeId)} />}
      <div className="subsection-title">Nodes</div>
      <GaleraNodesTable nodes={detail.nodes} nameOf={nameOf} />
      <GaleraConflictLog nodes={detail.nodes} nameOf={nameOf} />
    </section>
  );
}
