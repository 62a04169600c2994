import { describe, expect, it } from 'vitest';
import type { PreflightCheck } from '../../../shared/model/action';
import { ignorePoolersOffer, ignorePoolersRequest } from '../../../renderer/features/failover/pooler-offer';

const ORDINARY = "the ordinary switchover is still offered: plan it again without the pooler (poolers: 'ignore'), and the pooled clients will see errors";
const check = (id: string, ok: boolean, severity: PreflightCheck['severity'], explanation: string): PreflightCheck => ({ id, ok, severity, explanation });

describe("the ordinary switchover offered by a pooler's blocker", () => {
  it('is offered for the failed pooler blockers that say so (session pooling, no agent)', () => {
    const checks = [
      check('pooler:b1:pool-mode', false, 'blocker', `b1 has pool_mode = session: …; ${ORDINARY}`),
      check('pooler:b1:agent', false, 'blocker', `b1 cannot be re-pointed: no agent runs beside it; ${ORDINARY}`),
      check('pooler:b1:server-login-retry', false, 'warning', 'server_login_retry = 15 s'),
      check('candidate-lag', true, 'blocker', 'ok'),
    ];
    expect(ignorePoolersOffer({ kind: 'switchover', checks }).map((c) => c.id)).toEqual(['pooler:b1:pool-mode', 'pooler:b1:agent']);
  });

  it('is not offered for passed checks, for blockers that are not the pooler’s, or for other actions', () => {
    expect(ignorePoolersOffer({ kind: 'switchover', checks: [check('pooler:b1:agent', true, 'blocker', ORDINARY)] })).toEqual([]);
    expect(ignorePoolersOffer({ kind: 'switchover', checks: [check('privileges', false, 'blocker', ORDINARY)] })).toEqual([]);
    expect(ignorePoolersOffer({ kind: 'switchover', checks: [check('pooler:b1:query-wait-timeout', false, 'blocker', 'reaches query_wait_timeout')] })).toEqual([]);
    expect(ignorePoolersOffer({ kind: 'failover', checks: [check('pooler:b1:agent', false, 'blocker', ORDINARY)] })).toEqual([]);
  });

  it("plans the same request again with poolers: 'ignore', keeping the limits the admin set", () => {
    const plan = { clusterId: 'c1', kind: 'switchover' as const, target: 'n2' };
    expect(ignorePoolersRequest(plan, { ...plan, maxLagBytes: 5, maxLagMs: 7 })).toEqual({ ...plan, maxLagBytes: 5, maxLagMs: 7, poolers: 'ignore' });
    expect(ignorePoolersRequest(plan, undefined)).toEqual({ ...plan, poolers: 'ignore' });
  });
});
