import type { Cluster } from '../../../shared/model/cluster';
import { headlineSeverity, type ClusterHeadline } from '../../../shared/model/cluster-state';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { headlineLabel, headlineSentence, staleness } from './headline-text';
import { useHeadlines } from './headline-store';
import { StatusBadge } from './StatusBadge';

/** The headline state's badge; a stale reading says how old it is. */
export function HeadlineBadgeView({ headline, intervalMs, now }: { headline: ClusterHeadline; intervalMs: number; now: number }) {
  const stale = staleness(headline, intervalMs, now);
  return (
    <span
      className={`badge badge-headline headline-${headlineSeverity(headline.state)}${stale ? ' stale' : ''}`}
      title={headlineSentence(headline, intervalMs, now)}
      data-testid={TestIds.clusterHeadlineBadge}
      data-state={headline.state}
      data-stale={stale ? 'true' : 'false'}
    >
      {headlineLabel(headline.state)}
      {stale && <span className="headline-age"> · {stale}</span>}
    </span>
  );
}

/** The cluster's state for the sidebar and header: the headline while monitoring, else the monitor's own state. */
export function ClusterStateBadgeView({ cluster, headline, now }: { cluster: Cluster; headline: ClusterHeadline | undefined; now: number }) {
  if (!headline || cluster.status.kind === 'connecting' || cluster.status.kind === 'stopped') return <StatusBadge status={cluster.status} />;
  // While monitoring, the headline is the word shown; the monitor's own state shrinks to a dot.
  return (
    <>
      <StatusBadge status={cluster.status} compact={cluster.status.kind === 'live'} />
      <HeadlineBadgeView headline={headline} intervalMs={cluster.sampleIntervalMs} now={now} />
    </>
  );
}

export function ClusterStateBadge({ cluster }: { cluster: Cluster }) {
  const headline = useHeadlines((s) => s.byCluster[cluster.id]);
  const now = useNow(1_000);
  return <ClusterStateBadgeView cluster={cluster} headline={headline} now={now} />;
}
