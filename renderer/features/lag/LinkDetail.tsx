import { formatBytes, formatDateTime, formatMs } from '../../lib/format';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { Freshness } from '../nodes/Freshness';
import { useTopology } from '../topology/store';
import { NodeLabel } from '../topology/NodeLabel';
import { formatTransactions } from './LinkRow';

/** The selected link: state, sync mode and every lag figure with where it came from. */
export function LinkDetail({ clusterId, linkId }: { clusterId: string; linkId: string }) {
  const link = useTopology((s) => s.byCluster[clusterId]?.links.byId[linkId]);
  const intervalMs = useClusters((s) => s.byId[clusterId]?.sampleIntervalMs ?? 1_000);
  if (!link) return <div className="muted">Link {linkId} is no longer in the topology.</div>;
  const { bytes, ms, transactions } = link.lag;
  const perDomain = transactions ? Object.entries(transactions.perDomain) : [];
  return (
    <div className="link-detail" data-testid={TestIds.linkDetail} data-link-id={linkId} data-state={link.state}>
      <div className="detail-head">
        <span className="detail-title">
          <NodeLabel clusterId={clusterId} nodeId={link.from} withAddress /> → <NodeLabel clusterId={clusterId} nodeId={link.to} withAddress />
        </span>
        <span className="spacer" />
        <Freshness at={link.lag.measuredAt} sampleIntervalMs={intervalMs} />
      </div>
      <dl className="facts">
        <dt>State</dt>
        <dd className={`link-state link-${link.state}`}>{link.state}</dd>
        <dt>Sync</dt>
        <dd>{link.sync}</dd>
        {link.label && (
          <>
            <dt>Known as</dt>
            <dd>{link.label}</dd>
          </>
        )}
        {transactions !== undefined && (
          <>
            <dt>Transactions behind</dt>
            <dd data-testid={TestIds.linkDetailTransactions}>
              {formatTransactions(transactions)}
              {perDomain.length > 1 && <span className="muted"> ({perDomain.map(([d, n]) => `domain ${d}: ${n}`).join(', ')})</span>}
              {transactions === null && <span className="muted"> (the source's position was not read this round)</span>}
            </dd>
          </>
        )}
        <dt>Bytes behind</dt>
        <dd>
          {measuredStages([['sent', bytes.sent], ['write', bytes.write], ['flush', bytes.flush], ['replay', bytes.replay]], formatBytes)}
        </dd>
        <dt>Time behind</dt>
        <dd>
          {measuredStages([['write', ms.write], ['flush', ms.flush], ['replay', ms.replay]], formatMs)}
        </dd>
        <dt>Measured</dt>
        <dd>
          {formatDateTime(link.lag.measuredAt)} <span className="muted">({link.lag.source})</span>
        </dd>
      </dl>
    </div>
  );
}

/**
 * The stages this engine measures, in order; a stage it never reports (MariaDB
 * has no "sent" or "flush") is left out rather than shown as unknown. Replay is
 * always shown, as "—" when it was not measured.
 */
export function measuredStages(stages: readonly [string, number | null][], format: (v: number | null) => string): string {
  const shown = stages.filter(([name, v]) => v !== null || name === 'replay');
  return shown.map(([name, v]) => `${name} ${format(v)}`).join(' · ');
}
