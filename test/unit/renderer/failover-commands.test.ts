import { beforeEach, describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../../shared/result';
import { availabilityOf, nodeActionsOf, useAvailable } from '../../../renderer/features/failover/available-store';
import { abortRun, executePlan, refreshAvailable, requestPlan } from '../../../renderer/features/failover/commands';
import { dismissFenceAlert, fenceAlerts, useFenceDismissals } from '../../../renderer/features/failover/fence-alerts';
import { refusalFor, useRequests } from '../../../renderer/features/failover/request-store';
import { useRuns } from '../../../renderer/features/failover/runs-store';
import { exportAudit, verifyAudit } from '../../../renderer/features/audit/commands';
import { formatParams, useAudit } from '../../../renderer/features/audit/store';
import type { Alarm } from '../../../shared/model/event';
import { check, fakeApi, resetActionStores, run, step } from './action-fixtures';

beforeEach(resetActionStores);


describe('failover commands', () => {
  it('stores availability per node, keeping the object when nothing changed', async () => {
    const list = [{ nodeId: 'n2', actions: [{ kind: 'switchover', available: false, why: 'lag 14 MB > 1 MB limit' }] }];
    const { api } = fakeApi({ 'actions:available': () => ok(list) });
    await refreshAvailable(api, 'c1', () => 5);
    const first = useAvailable.getState();
    expect(nodeActionsOf(first, 'c1', 'n2')).toEqual(list[0]?.actions);
    expect(nodeActionsOf(first, 'c1', 'n9')).toEqual([]);
    await refreshAvailable(api, 'c1', () => 6);
    expect(useAvailable.getState()).toBe(first);
    const { api: broken } = fakeApi({ 'actions:available': () => fail('unknown-cluster', 'no cluster c1') });
    await refreshAvailable(broken, 'c1', () => 7);
    expect(availabilityOf(useAvailable.getState(), 'c1')).toMatchObject({ kind: 'failed', reason: 'no cluster c1' });
  });

  it('plans with the default limits, opens the plan, and refuses an invalid request before sending', async () => {
    const { api, sent } = fakeApi({ 'actions:plan': () => ok(run('p1', 'planned')) });
    await requestPlan(api, { clusterId: 'c1', kind: 'switchover', target: 'n2', maxLagBytes: 1_048_576, maxLagMs: 10_000 });
    expect(sent).toEqual([['actions:plan', { clusterId: 'c1', kind: 'switchover', target: 'n2', maxLagBytes: 1_048_576, maxLagMs: 10_000 }]]);
    expect(useRuns.getState().openPlanId).toBe('p1');
    expect(useRequests.getState().plan.kind).toBe('idle');
    await requestPlan(api, { clusterId: 'c1', kind: 'switchover', target: 'n2', maxLagBytes: Number.NaN, maxLagMs: -1 });
    expect(sent).toHaveLength(1);
    const refused = useRequests.getState().plan;
    expect(refused.kind === 'failed' && refused.reason).toMatch(/maxLagBytes.*maxLagMs/);
  });

  it('shows the server reason when execute is refused, and the running run when accepted', async () => {
    const answers: Record<string, (req: unknown) => Result<unknown>> = {
      'actions:execute': () => fail('confirmation-mismatch', `type the cluster's name exactly ("prod") to confirm`),
    };
    const { api, sent } = fakeApi(answers);
    await executePlan(api, 'p1', 'prd');
    expect(sent).toEqual([['actions:execute', { planId: 'p1', confirmName: 'prd' }]]);
    expect(refusalFor(useRequests.getState(), 'p1')).toMatchObject({ code: 'confirmation-mismatch' });
    expect(refusalFor(useRequests.getState(), 'other')).toBeNull();
    answers['actions:execute'] = () => ok(run('p1', 'running'));
    await executePlan(api, 'p1', 'prod');
    expect(useRuns.getState().byId.p1?.status).toBe('running');
    expect(useRequests.getState().execute.kind).toBe('idle');
    answers['actions:abort'] = () => ok({ aborting: true });
    await abortRun(api, 'p1');
    expect(useRequests.getState().aborting.p1).toBe('accepted');
  });
});

describe('fence alerts', () => {
  const fenceStep = step('fence-reminder~n1', { title: 'Fence n1 before it returns', command: 'on n1: ALTER SYSTEM SET default_transaction_read_only = on', state: 'skipped', detail: 'skipped: n1 is unreachable' });
  const order = (state: 'standing' | 'fenced' | 'cleared') => ({ nodeId: 'n1', stepId: fenceStep.id, since: 60, state, endedAt: state === 'standing' ? null : 70, detail: 'skipped: n1 is unreachable' });
  const failoverWith = (state: 'standing' | 'fenced' | 'cleared' | null, id = 'f1') => ({
    ...run(id, 'done', {
      kind: 'failover',
      createdAt: 50,
      target: 'n2',
      nodeNames: { n1: 'db-a', n2: 'db-b' },
      checks: [check('fence-before-return', false, 'warning', 'n1 is gone, not fenced'), check('connected', true)],
      steps: [step('promote~n2', { state: 'done', title: 'Promote n2' }), fenceStep],
    }),
    fenceOnReturn: state === null ? null : order(state),
  });
  const failover = failoverWith('standing');

  it('raises one for an open split-brain alarm and for a failover whose fence order stands, with its command once', () => {
    const split: Alarm = { key: 'split-brain:cluster', kind: 'split-brain', severity: 'critical', nodeId: 'n1', raisedAt: 100, eventId: 'e1', message: 'n1 and n2 both accept writes', clearsWhen: 'at most one', runbook: 'r' };
    const lag: Alarm = { ...split, key: 'lag-threshold:a->b', kind: 'lag-threshold', eventId: 'e2' };
    const alerts = fenceAlerts([failover, run('s', 'done')], [split, lag], 'c1', {});
    expect(alerts.map((a) => a.key)).toEqual(['split:e1', 'failover:f1']);
    expect(alerts[0]?.nodeId).toBe('n1');
    expect(alerts[1]).toMatchObject({ nodeId: 'n1', newPrimary: 'n2', at: 60, commands: [fenceStep.command] });
    expect(alerts[1]?.message).toBe('db-a (n1) was down when the failover promoted db-b, so it is not fenced. ReplicaDesk fences it the moment it answers as a writable primary, while it runs; until then keep it stopped.');
    // The SQL is in the command box only, never repeated in the message.
    expect(alerts[1]?.message).not.toContain('default_transaction_read_only');
    expect(fenceAlerts([failover], [split], 'c1', {}).filter((a) => a.source === 'failover')).toHaveLength(1);
    expect(fenceAlerts([failover], [], 'c2', {})).toEqual([]);
    // The alarm cleared (the newest sample holds no open split-brain alarm): no split-brain alert.
    expect(fenceAlerts([], [lag], 'c1', {})).toEqual([]);
  });

  it('clears by itself when the order ends (fenced on return, or answered fenced or in recovery), and never guesses from titles', () => {
    expect(fenceAlerts([failoverWith('fenced')], [], 'c1', {})).toEqual([]);
    expect(fenceAlerts([failoverWith('cleared')], [], 'c1', {})).toEqual([]);
    // A failover with a step titled "Fence …" but no order (the old primary was fenced during the run): no alert.
    expect(fenceAlerts([failoverWith(null)], [], 'c1', {})).toEqual([]);
    const planned = { ...run('f2', 'planned', { kind: 'failover', steps: [step('promote~n2'), fenceStep] }), fenceOnReturn: null };
    expect(fenceAlerts([planned], [], 'c1', {})).toEqual([]);
    expect(fenceAlerts([run('s1', 'done', { kind: 'switchover' })], [], 'c1', {})).toEqual([]);
    dismissFenceAlert('failover:f1');
    expect(fenceAlerts([failover], [], 'c1', useFenceDismissals.getState().dismissed)).toEqual([]);
  });
});

describe('audit', () => {
  it('reports an intact or broken chain', async () => {
    const { api } = fakeApi({ 'audit:verify': () => ok({ ok: false, seq: 7, reason: 'hash mismatch' }) });
    await verifyAudit(api, () => 9);
    expect(useAudit.getState().verify).toEqual({ kind: 'broken', seq: 7, reason: 'hash mismatch', at: 9 });
    const { api: good } = fakeApi({ 'audit:verify': () => ok({ ok: true, entries: 12 }) });
    await verifyAudit(good, () => 10);
    expect(useAudit.getState().verify).toEqual({ kind: 'intact', entries: 12, at: 10 });
  });

  it('hands the exported content to save, and formats params on one line', async () => {
    const saved: string[][] = [];
    const { api } = fakeApi({ 'audit:export': () => ok({ filename: 'audit.csv', mime: 'text/csv', content: 'seq,at\n1,2\n' }) });
    await exportAudit(api, 'csv', (...args) => saved.push(args));
    expect(saved).toEqual([['audit.csv', 'text/csv', 'seq,at\n1,2\n']]);
    expect(useAudit.getState().exported).toEqual({ kind: 'saved', filename: 'audit.csv', bytes: 11 });
    expect(formatParams({ target: 'n2', expectedDataLossBytes: 0, x: null })).toBe('target=n2 expectedDataLossBytes=0 x=null');
  });
});
