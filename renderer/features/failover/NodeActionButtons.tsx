import { useState } from 'react';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { availabilityOf, nodeActionsOf, useAvailable, type NodeAction } from './available-store';
import { requestPlan } from './commands';
import { ACTION_LABELS, ACTION_ORDER } from './labels';
import { limitsFromInputs } from './plan-logic';
import { useRequests } from './request-store';
import { useRuns } from './runs-store';
import { useTopology } from '../topology/store';
import { useAvailableRefresh } from './use-available';
import './failover.css';

function ActionRow({ action, busy, onPlan }: { action: NodeAction; busy: boolean; onPlan: () => void }) {
  return (
    <li className="node-action-row">
      <button
        className={action.kind === 'failover' || action.kind === 'fence' ? 'danger' : undefined}
        disabled={!action.available || busy}
        data-testid={TestIds.nodeAction}
        data-kind={action.kind}
        data-available={action.available}
        title={action.available ? 'Plan it first: a dry run shows the checks and steps' : (action.why ?? 'not available')}
        onClick={onPlan}
      >
        {ACTION_LABELS[action.kind]}…
      </button>
      {!action.available && (
        <span className="node-action-why" data-testid={TestIds.nodeActionWhy} data-kind={action.kind}>
          {action.why ?? 'not available'}
        </span>
      )}
    </li>
  );
}

/** The actions the selected node supports now; clicking one asks for a dry-run plan. */
export function NodeActionButtons({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const stamp = useTopology((s) => {
    const n = s.byCluster[clusterId]?.nodes.byId[nodeId];
    return n ? `${n.role}|${n.status.kind}|${String(n.readOnly)}` : '';
  });
  const running = useRuns((s) => s.ids.some((id) => s.byId[id]?.plan.clusterId === clusterId && s.byId[id]?.status === 'running'));
  useAvailableRefresh(clusterId, nodeId, `${stamp}|${running}`);
  const api = useApi();
  const availability = useAvailable((s) => availabilityOf(s, clusterId));
  const actions = useAvailable((s) => nodeActionsOf(s, clusterId, nodeId));
  const planState = useRequests((s) => s.plan);
  const [mib, setMib] = useState('1');
  const [seconds, setSeconds] = useState('10');
  const busy = planState.kind === 'planning';
  const sorted = [...actions].sort((a, b) => ACTION_ORDER.indexOf(a.kind) - ACTION_ORDER.indexOf(b.kind));
  const plan = (kind: NodeAction['kind']) => void requestPlan(api, { clusterId, kind, target: nodeId, ...limitsFromInputs(mib, seconds) });
  return (
    <div className="node-actions" data-testid={TestIds.nodeActions} data-node-id={nodeId} data-state={availability.kind}>
      <div className="subsection-title">Actions</div>
      {availability.kind === 'loading' && <div className="muted small">Asking which actions this node supports…</div>}
      {availability.kind === 'failed' && <div className="error-text small">Cannot list actions: {availability.reason}</div>}
      {availability.kind === 'ready' && sorted.length === 0 && <div className="muted small">No actions reported for this node.</div>}
      <ul className="node-action-list">
        {sorted.map((a) => (
          <ActionRow key={a.kind} action={a} busy={busy} onPlan={() => plan(a.kind)} />
        ))}
      </ul>
      <div className="lag-limits small">
        <label>
          refuse a candidate behind by more than
          <input type="number" min="0" step="0.5" value={mib} onChange={(e) => setMib(e.target.value)} data-testid={TestIds.actionMaxLagMiB} aria-label="Max lag (MiB)" />
          MiB
        </label>
        <label>
          or
          <input type="number" min="0" step="1" value={seconds} onChange={(e) => setSeconds(e.target.value)} data-testid={TestIds.actionMaxLagSeconds} aria-label="Max lag (seconds)" />
          s
        </label>
      </div>
      {busy && <div className="muted small">Planning {planState.request.kind} of {planState.request.target} (dry run)…</div>}
      {planState.kind === 'failed' && (planState.request === null || planState.request.target === nodeId) && (
        <div className="form-error" data-testid={TestIds.actionPlanError} data-code={planState.code}>
          Plan refused: {planState.reason}
        </div>
      )}
    </div>
  );
}
