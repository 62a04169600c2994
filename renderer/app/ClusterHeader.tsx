import { formatMs } from '../lib/format';
import { TestIds } from '../testids';
import { ClusterStateBadge } from '../features/clusters/HeadlineBadge';
import { nodeName } from '../features/topology/node-name';
import { HeadlinePrompt } from './HeadlinePrompt';
import { useClusters } from '../features/clusters/store';
import { selectPastAt, useTopology } from '../features/topology/store';
import { PastBanner } from '../features/timeline/PastNotes';
import { IntervalPicker } from '../features/clusters/IntervalPicker';

/** Name, engine, headline state (with the suggested next action) of the selected cluster, plus the sample's warnings. */
export function ClusterHeader({ clusterId }: { clusterId: string }) {
  const cluster = useClusters((s) => s.byId[clusterId]);
  const warnings = useTopology((s) => s.byCluster[clusterId]?.warnings);
  const durationMs = useTopology((s) => s.byCluster[clusterId]?.durationMs);
  const nodeCount = useTopology((s) => s.byCluster[clusterId]?.nodes.ids.length ?? 0);
  const pastAt = useTopology((s) => selectPastAt(s, clusterId));
  if (!cluster) return null;
  return (
    <div className="cluster-header" data-testid={TestIds.clusterHeader} data-cluster-id={clusterId}>
      <div className="cluster-header-row">
        <h1>{cluster.name}</h1>
        <ClusterStateBadge cluster={cluster} />
        <span className="muted">
          {cluster.engine}
          {cluster.kind ? ` · ${cluster.kind}` : ''} · {nodeCount} nodes
          {durationMs !== undefined ? ` · sample took ${formatMs(durationMs)}` : ''}
        </span>
        <IntervalPicker clusterId={clusterId} intervalMs={cluster.sampleIntervalMs} />
      </div>
      {pastAt !== null && <PastBanner pastAt={pastAt} />}
      <HeadlinePrompt cluster={cluster} targetName={(id) => nodeName(clusterId, id)} />
      {cluster.status.kind === 'failed' && <div className="banner bad">{cluster.status.reason}</div>}
      {warnings && warnings.length > 0 && (
        <ul className="banner warn" data-testid={TestIds.clusterWarnings}>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
