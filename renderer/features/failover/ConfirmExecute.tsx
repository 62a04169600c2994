import { useState } from 'react';
import type { ActionPlan } from '../../../shared/model/action';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { executePlan } from './commands';
import { executeBlockedBy } from './plan-logic';
import { refusalFor, useRequests } from './request-store';
import { ActionReason } from '../alerts/ActionReason';
import { SilenceOffer, silenceForPlan } from '../alerts/SilenceOffer';

/** Type the cluster's name to enable Execute; shows why it is disabled and why the server refused. */
export function ConfirmExecute({ plan }: { plan: ActionPlan }) {
  const api = useApi();
  const clusterName = useClusters((s) => s.byId[plan.clusterId]?.name);
  const sending = useRequests((s) => s.execute.kind === 'sending' && s.execute.planId === plan.id);
  const refusal = useRequests((s) => refusalFor(s, plan.id));
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [silence, setSilence] = useState(false);
  const blockedBy = executeBlockedBy(plan, typed, clusterName);
  return (
    <div className="confirm-box">
      <label className="confirm-label">
        To run this on <strong>{clusterName ?? plan.clusterId}</strong>, type the cluster&apos;s name:
        <input
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder={clusterName}
          autoComplete="off"
          spellCheck={false}
          data-testid={TestIds.confirmName}
          aria-label="Cluster name to confirm"
        />
      </label>
      <ActionReason value={reason} onChange={setReason} />
      <SilenceOffer plan={plan} checked={silence} onChange={setSilence} />
      <button
        className="danger execute-button"
        disabled={blockedBy !== null || sending}
        data-testid={TestIds.executeAction}
        onClick={() => void executePlan(api, plan.id, typed, reason, silence ? () => silenceForPlan(api, plan, reason) : undefined)}
      >
        {sending ? 'Starting…' : `Execute ${plan.kind}`}
      </button>
      {blockedBy !== null && (
        <span className="muted small" data-testid={TestIds.executeBlocked}>
          {blockedBy}
        </span>
      )}
      {refusal && (
        <div className="form-error" data-testid={TestIds.executeError} data-code={refusal.code}>
          Refused ({refusal.code}): {refusal.reason}
        </div>
      )}
    </div>
  );
}
