import type { ActionPlan } from '../../../shared/model/action';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { requestPlan } from './commands';
import { ignorePoolersOffer, ignorePoolersRequest } from './pooler-offer';
import { useRequests } from './request-store';
import { useSentRequests } from './sent-requests';

/** Under a switchover blocked by a pooler: plan the ordinary switchover instead (pooled clients see errors). */
export function IgnorePoolersOffer({ plan }: { plan: ActionPlan }) {
  const api = useApi();
  const sent = useSentRequests((s) => s.byPlan[plan.id]);
  const planning = useRequests((s) => s.plan.kind === 'planning');
  const offers = ignorePoolersOffer(plan);
  if (offers.length === 0) return null;
  return (
    <div className="banner warn pooler-offer" data-testid={TestIds.planIgnorePoolers} data-checks={offers.map((c) => c.id).join(' ')}>
      <div>
        The switchover through the pooler's pause is blocked ({offers.map((c) => c.id).join(', ')}). The ordinary switchover does not pause the
        pooler: its clients see errors from the fence until the pooler points at the new primary (re-pointed by its agent, or by hand as the
        plan's step says).
      </div>
      <button disabled={planning} onClick={() => void requestPlan(api, ignorePoolersRequest(plan, sent))}>
        {planning ? 'Planning…' : "Switch over without the pooler's pause"}
      </button>
    </div>
  );
}
