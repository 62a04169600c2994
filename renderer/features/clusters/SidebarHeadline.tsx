import type { Cluster } from '../../../shared/model/cluster';
import { headlineSeverity, type ClusterHeadline } from '../../../shared/model/cluster-state';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { headlineSentence } from './headline-text';
import { useHeadlines } from './headline-store';

/** One line under the cluster's name when it is not healthy: what is wrong, since when, and what to do. */
export function SidebarHeadlineView({ headline, intervalMs, now }: { headline: ClusterHeadline | undefined; intervalMs: number; now: number }) {
  if (!headline || headline.state === 'healthy') return null;
  const text = headlineSentence(headline, intervalMs, now);
  return (
    <div className={`cluster-headline headline-${headlineSeverity(headline.state)}`} data-testid={TestIds.clusterHeadline} data-state={headline.state} title={text}>
      {text}
    </div>
  );
}

export function SidebarHeadline({ cluster }: { cluster: Cluster }) {
  const headline = useHeadlines((s) => s.byCluster[cluster.id]);
  const now = useNow(1_000);
  return <SidebarHeadlineView headline={headline} intervalMs={cluster.sampleIntervalMs} now={now} />;
}
