import { useClusters } from '../clusters/store';
import { useEngineDetail } from './detail-store';
import { BootstrapAdvice } from './BootstrapAdvice';
import { describePartition } from './describe';
import { GaleraComponents } from './GaleraComponents';
import { GaleraNodesTable } from './GaleraNodesTable';
import { SampleAge } from './SampleAge';
import { hasGalera, selectMariadbDetail, selectTakenAt } from './select';
import { MariadbTestIds } from './testids';
import './mariadb.css';

/** Galera as the nodes see it: components (a partition shows several), each node's wsrep state, bootstrap advice. */
export function GaleraPanel({ clusterId }: { clusterId: string }) {
  const detail = useEngineDetail((s) => selectMariadbDetail(s, clusterId));
  const takenAt = useEngineDetail((s) => selectTakenAt(s, clusterId));
  const intervalMs = useClusters((s) => s.byId[clusterId]?.sampleIntervalMs ?? 1_000);
  if (!detail || !hasGalera(detail)) return null;
  const sizes = Object.values(detail.nodes).flatMap((n) => (n.galera?.clusterStatus === 'Primary' ? [n.galera.clusterSize] : []));
  const size = sizes.length ? Math.max(...sizes) : null;
  const partition = detail.galera ? describePartition(detail.galera) : null;
  return (
    <section
      className="panel galera-panel"
      data-testid={MariadbTestIds.galeraPanel}
      data-size={size ?? ''}
      data-components={detail.galera?.components.length ?? ''}
    >
      <header className="panel-head">
        <h2>Galera</h2>
        <span className="muted small">{size === null ? 'no Primary component' : `cluster size ${size}`}</span>
        <span className="spacer" />
        <SampleAge at={takenAt} sampleIntervalMs={intervalMs} />
      </header>
      {partition && (
        <div className="banner bad" data-testid={MariadbTestIds.galeraPartition}>
          {partition}
        </div>
      )}
      {detail.galera && <GaleraComponents clusterId={clusterId} components={detail.galera.components} />}
      {detail.galera?.bootstrap && <BootstrapAdvice clusterId={clusterId} advice={detail.galera.bootstrap} />}
      <div className="subsection-title">Nodes</div>
      <GaleraNodesTable clusterId={clusterId} nodes={detail.nodes} />
    </section>
  );
}
