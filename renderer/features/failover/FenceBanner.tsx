import { useMemo, useState } from 'react';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ClusterEvent } from '../../../shared/model/event';
import { useShallow } from 'zustand/react/shallow';
import { useApi } from '../../api/context';
import { formatDateTime } from '../../lib/format';
import { TestIds } from '../../testids';
import { useEvents } from '../events/store';
import { useTopology } from '../topology/store';
import { requestPlan } from './commands';
import { dismissFenceAlert, fenceAlerts, useFenceDismissals, type FenceAlert } from './fence-alerts';
import { useRuns } from './runs-store';

function Alert({ alert, clusterId }: { alert: FenceAlert; clusterId: string }) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  // Whom to fence: the event's node, or after a failover every other node still reported as a primary.
  const targets = useTopology(
    useShallow((s) => {
      if (alert.nodeId) return [alert.nodeId];
      const t = s.byCluster[clusterId];
      return t ? t.nodes.ids.filter((id) => id !== alert.newPrimary && t.nodes.byId[id]?.role === 'primary') : [];
    }),
  );
  return (
    <div className="fence-banner" role="alert" data-testid={TestIds.fenceBanner} data-key={alert.key} data-source={alert.source} data-node-id={alert.nodeId ?? ''}>
      <div className="fence-title">
        ⚠ Fence the old primary before it returns
        {alert.nodeId ? `: ${alert.label ?? alert.nodeId}` : ''}
      </div>
      <div className="fence-message">
        {alert.source === 'failover' ? 'After the failover: ' : ''}
        {alert.message} <span className="muted">({formatDateTime(alert.at)})</span>
      </div>
      {alert.commands.map((c) => (
        <pre key={c} className="fence-command" data-testid={TestIds.fenceCommand}>
          {c}
        </pre>
      ))}
      <div className="fence-actions">
        {targets.map((nodeId) => (
          <button key={nodeId} className="danger" data-testid={TestIds.fencePlan} data-node-id={nodeId} onClick={() => void requestPlan(api, { clusterId, kind: 'fence', target: nodeId })}>
            Plan fencing of {nodeId}…
          </button>
        ))}
        {confirming ? (
          <>
            <span className="small">Only dismiss once the old primary is fenced or stopped for good.</span>
            <button data-testid={TestIds.fenceDismissConfirm} onClick={() => dismissFenceAlert(alert.key)}>
              It is fenced: dismiss
            </button>
            <button className="link-button" onClick={() => setConfirming(false)}>
              keep
            </button>
          </>
        ) : (
          <button className="link-button" data-testid={TestIds.fenceDismiss} onClick={() => setConfirming(true)}>
            dismiss…
          </button>
        )}
      </div>
    </div>
  );
}

/** Loud fencing reminders for the selected cluster: a failover's goes when its fence order ends; the admin may dismiss any. */
export function FenceBanner({ clusterId }: { clusterId: string }) {
  const dismissed = useFenceDismissals((s) => s.dismissed);
  // Arrays of store objects: stable identities, so useShallow re-renders only on a real change.
  const splits = useEvents(
    useShallow((s) => s.ids.map((id) => s.byId[id]).filter((e): e is ClusterEvent => e?.clusterId === clusterId && e.kind === 'split-brain')),
  );
  const failovers = useRuns(
    useShallow((s) => s.ids.map((id) => s.byId[id]).filter((r): r is ActionRun => r?.plan.clusterId === clusterId && r.plan.kind === 'failover')),
  );
  const alerts = useMemo(() => fenceAlerts(failovers, splits, clusterId, dismissed), [failovers, splits, clusterId, dismissed]);
  if (alerts.length === 0) return null;
  return (
    <div className="fence-banners">
      {alerts.map((a) => (
        <Alert key={a.key} alert={a} clusterId={clusterId} />
      ))}
    </div>
  );
}
