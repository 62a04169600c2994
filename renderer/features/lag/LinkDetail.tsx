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
          {bytes.sent === null && bytes.write === null && bytes.flush === null ? (
            <>replay {formatBytes(bytes.replay)}</>
          ) : (
            <>
              sent {formatBytes(bytes.sent)} · write {formatBytes(bytes.write)} · flush {formatBytes(bytes.flush)} · replay {formatBytes(bytes.replay)}
            </>
          )}
        </dd>
        <dt>Time behind</dt>
        <dd>
          {ms.write === null && ms.flush === null ? (
            <>replay {formatMs(ms.replay)}</>
          ) : (
            <>
              write {formatMs(ms.write)} · flush {formatMs(ms.flush)} · replay {formatMs(ms.replay)}
            </>
          )}
        </dd>
        <dt>Measured</dt>
        <dd>
          {formatDateTime(link.lag.measuredAt)} <span className="muted">({link.lag.source})</span>
        </dd>
      </dl>
    </div>
  );
}
