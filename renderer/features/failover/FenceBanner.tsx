import { useMemo, useState } from 'react';
import type { ActionRun } from '../../../shared/ipc/actions';
import { useShallow } from 'zustand/react/shallow';
import { useApi } from '../../api/context';
import { formatDateTime } from '../../lib/format';
import { TestIds } from '../../testids';
import { NodeLabelView } from '../topology/NodeLabel';
import { selectNodeAddress, selectNodeName } from '../topology/node-name';
import { useTopology, type ClusterTopology } from '../topology/store';
import { requestPlan } from './commands';
import { dismissFenceAlert, fenceAlerts, fenceTargets, useFenceDismissals, type FenceAlert } from './fence-alerts';
import { useRuns } from './runs-store';
import { availabilityOf, useAvailable, type Availability } from './available-store';
import { useAvailableRefresh } from './use-available';

/**
 * Offers "Plan fencing of X…" only when the driver lists fence as available for X (actions:available);
 * otherwise says why, in the driver's words (e.g. a driver that has no fence action yet).
 */
function FenceOffer({ availability, clusterId, nodeId, t, standing }: { availability: Availability; clusterId: string; nodeId: string; t: ClusterTopology | undefined; standing: boolean }) {
  const api = useApi();
  if (availability.kind === 'loading') return <span className="muted small">Asking whether <Name t={t} nodeId={nodeId} /> can be fenced from here…</span>;
  if (availability.kind === 'failed') return <span className="error-text small" data-testid={TestIds.fencePlanUnavailable} data-node-id={nodeId}>Cannot list actions: {availability.reason}</span>;
  const fence = availability.byNode[nodeId]?.find((a) => a.kind === 'fence');
  if (!fence?.available && standing) {
    // A failover's standing order: core re-runs its fence step when the node answers; no hand fence is needed.
    return (
      <span className="small" data-testid={TestIds.fencePlanUnavailable} data-node-id={nodeId}>
        No separate fence action for <Name t={t} nodeId={nodeId} /> here ({fence?.why ?? 'the driver offers none'}); the failover's fence step runs again by itself when it answers.
      </span>
    );
  }
  if (!fence?.available) {
    return (
      <span className="small" data-testid={TestIds.fencePlanUnavailable} data-node-id={nodeId}>
        ReplicaDesk cannot fence <Name t={t} nodeId={nodeId} />: {fence?.why ?? 'the driver offers no fence action for it'}. Fence it by hand.
      </span>
    );
  }
  return (
    <button className="danger" data-testid={TestIds.fencePlan} data-node-id={nodeId} onClick={() => void requestPlan(api, { clusterId, kind: 'fence', target: nodeId })}>
      Plan fencing of <Name t={t} nodeId={nodeId} />…
    </button>
  );
}

function Name({ t, nodeId }: { t: ClusterTopology | undefined; nodeId: string }) {
  const state = { byCluster: t ? { [t.clusterId]: t } : {} };
  const clusterId = t?.clusterId ?? '';
  return <NodeLabelView nodeId={nodeId} name={selectNodeName(state, clusterId, nodeId)} address={selectNodeAddress(state, clusterId, nodeId)} />;
}

function Title({ alert, t }: { alert: FenceAlert; t: ClusterTopology | undefined }) {
  if (alert.source === 'failover') {
    return (
      <>
        ⚠ Fence the old primary before it returns{alert.nodeId && ': '}
        {alert.nodeId && <Name t={t} nodeId={alert.nodeId} />}
      </>
    );
  }
  if (!alert.nodeId) return <>⚠ Split brain: choose which primary to keep and fence the other</>;
  return (
    <>
      ⚠ Split brain: fence <Name t={t} nodeId={alert.nodeId} />
    </>
  );
}

function Alert({ alert, clusterId, t, availability }: { alert: FenceAlert; clusterId: string; t: ClusterTopology | undefined; availability: Availability }) {
  const [confirming, setConfirming] = useState(false);
  const targets = fenceTargets(alert, t);
  useAvailableRefresh(clusterId, alert.key, '');
  return (
    <div className="fence-banner" role="alert" data-testid={TestIds.fenceBanner} data-key={alert.key} data-source={alert.source} data-node-id={alert.nodeId ?? ''}>
      <div className="fence-title">
        <Title alert={alert} t={t} />
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
          <FenceOffer key={nodeId} availability={availability} clusterId={clusterId} nodeId={nodeId} t={t} standing={alert.source === 'failover' && alert.nodeId === nodeId} />
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

/** The banners for given alerts over one cluster's newest sample (pure, for tests). */
export function FenceBannerView({
  alerts,
  clusterId,
  topology,
  availability,
}: {
  alerts: readonly FenceAlert[];
  clusterId: string;
  topology: ClusterTopology | undefined;
  /** What actions:available said for the cluster: a plan is offered only where fence is available. */
  availability: Availability;
}) {
  if (alerts.length === 0) return null;
  return (
    <div className="fence-banners">
      {alerts.map((a) => (
        <Alert key={a.key} alert={a} clusterId={clusterId} t={topology} availability={availability} />
      ))}
    </div>
  );
}

/**
 * Loud fencing reminders for the selected cluster: a split brain's while its alarm is open in the
 * newest sample (so it goes with its `cleared` event, and a reload agrees); a failover's until its
 * fence order ends. The admin may dismiss any.
 */
export function FenceBanner({ clusterId }: { clusterId: string }) {
  const dismissed = useFenceDismissals((s) => s.dismissed);
  const topology = useTopology((s) => s.byCluster[clusterId]);
  const failovers = useRuns(
    useShallow((s) => s.ids.map((id) => s.byId[id]).filter((r): r is ActionRun => r?.plan.clusterId === clusterId && r.plan.kind === 'failover')),
  );
  const availability = useAvailable((s) => availabilityOf(s, clusterId));
  const alarms = topology?.alarms;
  const alerts = useMemo(() => fenceAlerts(failovers, alarms ?? [], clusterId, dismissed), [failovers, alarms, clusterId, dismissed]);
  return <FenceBannerView alerts={alerts} clusterId={clusterId} topology={topology} availability={availability} />;
}
