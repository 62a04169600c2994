import { formatAgo } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { ChainsList } from './ChainsList';
import { InDoubtTable } from './InDoubtTable';
import { LimitsForm } from './LimitsForm';
import { NodeName } from './NodeName';
import { PlanError } from './PlanError';
import { StandbyConflicts } from './StandbyConflicts';
import { viewOf, useLocking } from './store';
import { useInitialLocking } from './use-initial-locking';
import './locking.css';

function NodeErrors({ clusterId, nodes }: { clusterId: string; nodes: ReadonlyArray<{ nodeId: string; error: string | null }> }) {
  const bad = nodes.filter((n) => n.error !== null);
  if (bad.length === 0) return null;
  return (
    <ul className="error-text small node-errors">
      {bad.map((n) => (
        <li key={n.nodeId}>
          <NodeName clusterId={clusterId} nodeId={n.nodeId} /> not read: {n.error}
        </li>
      ))}
    </ul>
  );
}

function Body({ clusterId }: { clusterId: string }) {
  useInitialLocking(clusterId);
  const view = useLocking((s) => viewOf(s, clusterId));
  const now = useNow(1_000);
  if (view.kind !== 'ready') {
    const text = view.kind === 'loading' ? 'Reading every node…' : view.kind === 'unsupported' ? view.reason : `Cannot read locks: ${view.reason} (${view.code})`;
    return (
      <div className={view.kind === 'failed' ? 'error-text small' : 'muted small'} data-testid={TestIds.lockingStatus} data-state={view.kind}>
        {text}
      </div>
    );
  }
  const { snapshot, pollError } = view;
  return (
    <>
      <div className="muted small" data-testid={TestIds.lockingStatus} data-state={pollError ? 'stale' : 'ready'} data-taken-at={snapshot.takenAt}>
        read {formatAgo(snapshot.takenAt, now)}
        {pollError && <span className="error-text"> · last read failed: {pollError}</span>}
      </div>
      <NodeErrors clusterId={clusterId} nodes={snapshot.nodes} />
      <PlanError clusterId={clusterId} />
      <InDoubtTable clusterId={clusterId} snapshot={snapshot} />
      <ChainsList clusterId={clusterId} snapshot={snapshot} />
      <StandbyConflicts clusterId={clusterId} snapshot={snapshot} />
      <div className="subsection-title">Limits</div>
      <LimitsForm key={`${snapshot.limits.preparedAgeMs}|${snapshot.limits.chainWaitMs}`} clusterId={clusterId} limits={snapshot.limits} />
    </>
  );
}

/** Transactions & locks of a PostgreSQL cluster: in-doubt prepared transactions, blocking chains, standby conflicts, limits. */
export function LockingPanel({ clusterId }: { clusterId: string }) {
  const engine = useClusters((s) => s.byId[clusterId]?.engine);
  if (engine !== 'postgres') return null;
  return (
    <section className="panel locking-panel" data-testid={TestIds.lockingPanel} data-cluster-id={clusterId}>
      <header className="panel-head">
        <h2>Transactions &amp; locks</h2>
        <span className="muted small">in-doubt prepared transactions and who waits on whom; actions are planned and confirmed below</span>
      </header>
      <Body clusterId={clusterId} />
    </section>
  );
}
