import type { Cluster } from '../../shared/model/cluster';
import { headlineSeverity, type ClusterHeadline } from '../../shared/model/cluster-state';
import { useApi } from '../api/context';
import { headlineSentence } from '../features/clusters/headline-text';
import { useHeadlines } from '../features/clusters/headline-store';
import { requestPlan } from '../features/failover/commands';
import { useRequests } from '../features/failover/request-store';
import { useNow } from '../lib/use-now';
import { TestIds } from '../testids';

const VERB = { failover: 'Plan failover to', rejoin: 'Plan rejoin of', unfence: 'Plan unfence of', fence: 'Plan fence of' } as const;

export interface HeadlinePromptProps {
  headline: ClusterHeadline | undefined;
  intervalMs: number;
  now: number;
  /** The suggested target's display name, for the button. */
  targetName: string;
  planning: boolean;
  /** Why the last dry run asked from this prompt was refused, if it was. */
  refused?: string | null;
  onPlan(kind: keyof typeof VERB, target: string): void;
}

/** The headline sentence in the header, with a button that opens the suggested action's dry run. */
export function HeadlinePromptView({ headline, intervalMs, now, targetName, planning, refused = null, onPlan }: HeadlinePromptProps) {
  if (!headline || headline.state === 'healthy') return null;
  const s = headline.suggestion;
  return (
    <div className={`headline-prompt headline-${headlineSeverity(headline.state)}`} data-testid={TestIds.headlinePrompt} data-state={headline.state}>
      <span className="headline-text">{headlineSentence(headline, intervalMs, now)}</span>
      {s?.kind && s.target && (
        <button className="primary" data-testid={TestIds.headlineAction} data-kind={s.kind} data-target={s.target} disabled={planning} onClick={() => onPlan(s.kind!, s.target!)}>
          {VERB[s.kind]} {targetName}…
        </button>
      )}
      {refused && (
        <span className="field-error" data-testid={TestIds.headlineActionError}>
          {refused}
        </span>
      )}
    </div>
  );
}

export function HeadlinePrompt({ cluster, targetName }: { cluster: Cluster; targetName: (nodeId: string) => string }) {
  const api = useApi();
  const headline = useHeadlines((s) => s.byCluster[cluster.id]);
  const planning = useRequests((s) => s.plan.kind === 'planning');
  const target = headline?.suggestion?.target;
  const refused = useRequests((s) => (s.plan.kind === 'failed' && s.plan.request?.clusterId === cluster.id && s.plan.request.target === target ? s.plan.reason : null));
  const now = useNow(1_000);
  return (
    <HeadlinePromptView
      headline={headline}
      intervalMs={cluster.sampleIntervalMs}
      now={now}
      targetName={target ? targetName(target) : ''}
      planning={planning}
      refused={refused}
      onPlan={(kind, nodeId) => void requestPlan(api, { clusterId: cluster.id, kind, target: nodeId })}
    />
  );
}
