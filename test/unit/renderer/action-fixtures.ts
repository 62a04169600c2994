import type { ActionRun } from '../../../shared/ipc/actions';
import type { DeskApi } from '../../../shared/ipc/api';
import { fail, type Result } from '../../../shared/result';
import type { ActionPlan, ActionStep, PreflightCheck } from '../../../shared/model/action';
import { useAvailable } from '../../../renderer/features/failover/available-store';
import { useFenceDismissals } from '../../../renderer/features/failover/fence-alerts';
import { useRequests } from '../../../renderer/features/failover/request-store';
import { useRuns } from '../../../renderer/features/failover/runs-store';
import { useAudit } from '../../../renderer/features/audit/store';

export function check(id: string, ok: boolean, severity: PreflightCheck['severity'] = 'blocker', explanation = `${id} explained`): PreflightCheck {
  return { id, ok, severity, explanation };
}

export function step(id: string, over: Partial<ActionStep> = {}): ActionStep {
  return { id, title: `step ${id}`, command: `SELECT ${id}`, state: 'pending', startedAt: null, endedAt: null, detail: null, abortableBefore: true, ...over };
}

export function plan(id: string, over: Partial<ActionPlan> = {}): ActionPlan {
  return {
    id,
    clusterId: 'c1',
    kind: 'switchover',
    target: 'n2',
    createdAt: 1_000,
    checks: [check('connected', true)],
    steps: [step('verify'), step('promote')],
    expectedDataLossBytes: null,
    expectedUnavailableMs: 500,
    ...over,
  };
}

export function run(id: string, status: ActionRun['status'] = 'planned', over: Partial<ActionPlan> = {}, advice: string | null = null): ActionRun {
  return { plan: plan(id, over), status, advice };
}

/** Puts the failover and audit stores back to their initial state. */
export function resetActionStores(): void {
  useRuns.setState({ ids: [], byId: {}, openPlanId: null }, true);
  useAvailable.setState({ byCluster: {} }, true);
  useRequests.setState({ plan: { kind: 'idle' }, execute: { kind: 'idle' }, aborting: {} }, true);
  useFenceDismissals.setState({ dismissed: {} }, true);
  useAudit.setState({ entries: { ids: [], byId: {} }, open: false, load: { kind: 'idle' }, verify: { kind: 'idle' }, exported: { kind: 'idle' } }, true);
}

/** A fake core: answers each channel from a table and records what was sent. */
export function fakeApi(answers: Record<string, (req: unknown) => Result<unknown>>) {
  const sent: Array<[string, unknown]> = [];
  const api: Pick<DeskApi, 'invoke'> = {
    invoke: (async (channel: string, req: unknown) => {
      sent.push([channel, req]);
      const answer = answers[channel];
      return answer ? answer(req) : fail('not-mocked', channel);
    }) as DeskApi['invoke'],
  };
  return { api, sent };
}
