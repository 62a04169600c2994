import { useEffect, useRef } from 'react';
import { TestIds } from '../../testids';
import { PlanPanel } from './PlanPanel';
import { RecentActions } from './RecentActions';
import { activeRunId, useRuns } from './runs-store';
import './failover.css';

/** The open plan (or the running action) of this cluster, and its recent actions. */
export function ActionsPanel({ clusterId }: { clusterId: string }) {
  const activeId = useRuns((s) => activeRunId(s, clusterId));
  const run = useRuns((s) => (activeId === null ? undefined : s.byId[activeId]));
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (activeId !== null) ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [activeId]);
  return (
    <section className="panel actions-panel" data-testid={TestIds.actionsPanel} data-active-plan-id={activeId ?? ''} ref={ref}>
      <header className="panel-head">
        <h2>Actions</h2>
        <span className="muted small">select a node to plan a switchover, failover, fence or rejoin; locking actions are planned from Transactions & locks</span>
      </header>
      {run && <PlanPanel run={run} />}
      <div className="subsection-title">Recent actions</div>
      <RecentActions clusterId={clusterId} />
    </section>
  );
}
