import { beforeEach, describe, expect, it } from 'vitest';
import { applyDelta } from '../../../renderer/app/connect-stores';
import { activeRunId, isLive, MAX_RUNS, openPlan, orphanRunIds, recentRunIds, upsertRuns, useRuns } from '../../../renderer/features/failover/runs-store';
import { confirmMatches, executeBlockedBy, limitsFromInputs, nextStepAbortable, orderedChecks, planBlockers, stepDurationMs } from '../../../renderer/features/failover/plan-logic';
import { lossSentence } from '../../../renderer/features/failover/loss-text';
import { delta } from './fixtures';
import { check, resetActionStores, run, step } from './action-fixtures';
import { resetStores } from './reset';

beforeEach(() => {
  resetStores();
  resetActionStores();
});

describe('runs from deltas', () => {
  it('upserts by plan id, newest first, and keeps the state when a delta repeats a run', () => {
    applyDelta(delta({ actions: [run('a', 'planned', { createdAt: 1 }), run('b', 'running', { createdAt: 2 })] }));
    expect(useRuns.getState().ids).toEqual(['b', 'a']);
    const before = useRuns.getState();
    applyDelta(delta({ seq: 2, actions: [run('b', 'running', { createdAt: 2 })] }));
    expect(useRuns.getState()).toBe(before);
    const doneSteps = [step('verify', { state: 'done', startedAt: 2, endedAt: 5 }), step('promote', { state: 'running', startedAt: 5 })];
    applyDelta(delta({ seq: 3, actions: [run('b', 'running', { createdAt: 2, steps: doneSteps })] }));
    const after = useRuns.getState();
    expect(after.byId.b?.plan.steps.map((s) => s.state)).toEqual(['done', 'running']);
    expect(after.byId.a).toBe(before.byId.a); // untouched run keeps its object
    expect(after.ids).toEqual(['b', 'a']);
  });

  it('keeps at most MAX_RUNS, dropping the oldest', () => {
    upsertRuns(Array.from({ length: MAX_RUNS + 5 }, (_, i) => run(`r${i}`, 'done', { createdAt: i })));
    const s = useRuns.getState();
    expect(s.ids).toHaveLength(MAX_RUNS);
    expect(s.ids[0]).toBe(`r${MAX_RUNS + 4}`);
    expect(s.byId.r0).toBeUndefined();
  });

  it('forgets the runs of a removed cluster and closes its open plan', () => {
    upsertRuns([run('a', 'planned'), run('b', 'done', { clusterId: 'c2' })]);
    openPlan('a');
    applyDelta(delta({ removedClusterIds: ['c1'] }));
    expect(useRuns.getState().ids).toEqual(['b']);
    expect(useRuns.getState().openPlanId).toBeNull();
  });
});

describe('selecting the active run', () => {
  it('prefers the opened plan of this cluster, else a running one, else none', () => {
    upsertRuns([run('p', 'planned'), run('r', 'running', { createdAt: 0 }), run('x', 'planned', { clusterId: 'c2' })]);
    expect(activeRunId(useRuns.getState(), 'c1')).toBe('r');
    openPlan('p');
    expect(activeRunId(useRuns.getState(), 'c1')).toBe('p');
    openPlan('x'); // a plan of another cluster does not hide c1's running action
    expect(activeRunId(useRuns.getState(), 'c1')).toBe('r');
    expect(activeRunId(useRuns.getState(), 'c2')).toBe('x');
    upsertRuns([run('r', 'done', { createdAt: 0 })]);
    expect(activeRunId(useRuns.getState(), 'c1')).toBeNull();
  });

  it('lists recent actions without unexecuted plans, interrupted ones included', () => {
    upsertRuns([run('p', 'planned', { createdAt: 3 }), run('i', 'interrupted', { createdAt: 2 }, 'stopped during promote'), run('d', 'done', { createdAt: 1 })]);
    expect(recentRunIds(useRuns.getState(), 'c1')).toEqual(['i', 'd']);
    upsertRuns([run('gone', 'interrupted', { clusterId: 'old-sandbox' }, 'stopped in promote'), run('gone2', 'done', { clusterId: 'old-sandbox' })]);
    expect(orphanRunIds(useRuns.getState(), ['c1'])).toEqual(['gone']);
    expect(isLive('running')).toBe(true);
    expect(isLive('interrupted')).toBe(false);
  });
});

describe('plan logic', () => {
  it('matches the confirmation only on the exact cluster name', () => {
    expect(confirmMatches('prod-east', 'prod-east')).toBe(true);
    expect(confirmMatches('prod-east ', 'prod-east')).toBe(false);
    expect(confirmMatches('PROD-EAST', 'prod-east')).toBe(false);
    expect(confirmMatches('prod', 'prod-east')).toBe(false);
    expect(confirmMatches('', '')).toBe(false);
    expect(confirmMatches('x', undefined)).toBe(false);
  });

  it('finds failed blockers only, and says why Execute is disabled', () => {
    const checks = [check('lag', false, 'blocker', 'lag 14 MB > 1 MB limit'), check('rewind', false, 'warning'), check('connected', true, 'blocker'), check('paused', false, 'blocker', 'replay is paused')];
    expect(planBlockers({ checks }).map((c) => c.id)).toEqual(['lag', 'paused']);
    // The reasons are shown once, in the check rows: the footer only counts them.
    expect(executeBlockedBy({ checks }, 'prod', 'prod')).toBe('blocked by 2 failing checks above');
    const fine = [check('rewind', false, 'warning'), check('connected', true)];
    expect(executeBlockedBy({ checks: fine }, 'pro', 'prod')).toMatch(/type the cluster's name \(prod\)/);
    expect(executeBlockedBy({ checks: fine }, 'prod', 'prod')).toBeNull();
    expect(orderedChecks(checks).map((c) => c.id)).toEqual(['lag', 'paused', 'rewind', 'connected']);
  });

  it('computes step durations, the next abort point, and the lag limits', () => {
    expect(stepDurationMs(step('a'), 10)).toBeNull();
    expect(stepDurationMs(step('a', { startedAt: 4 }), 10)).toBe(6);
    expect(stepDurationMs(step('a', { startedAt: 4, endedAt: 7 }), 10)).toBe(3);
    const steps = [step('a', { state: 'done' }), step('b', { abortableBefore: false }), step('c')];
    expect(nextStepAbortable({ steps })).toBe(false);
    expect(nextStepAbortable({ steps: [step('a', { state: 'done' })] })).toBeNull();
    expect(limitsFromInputs('1', '10')).toEqual({ maxLagBytes: 1_048_576, maxLagMs: 10_000 });
    expect(limitsFromInputs('0.5', '2.5')).toEqual({ maxLagBytes: 524_288, maxLagMs: 2_500 });
    expect(Number.isNaN(limitsFromInputs('', 'x').maxLagBytes)).toBe(true);
  });
});

describe('expected loss of a failover', () => {
  const t0 = new Date(2026, 11, 7, 5, 48, 57, 187).getTime();
  const plan = (lastContactAt: number | null) => ({
    target: 'b',
    nodeNames: { a: 'n2', b: 'n1' },
    expectedDataLossBytes: 0,
    expectedDataLoss: { bytes: 0, nodeId: 'a', measuredAt: t0, lastContactAt },
  });

  it('says "at least", never "≤", and that writes after the reading are unknown', () => {
    const s = lossSentence(plan(t0 + 1_006));
    expect(s.headline).toBe('at least 0 B');
    expect(`${s.headline} ${s.detail}`).not.toContain('≤');
    expect(s.detail).toBe('0 bytes not on n1 as of the reading of n2 at 05:48:57.187 (1.01 s before n2 was first seen not answering, at 05:48:58.193); writes committed on n2 after that reading are unknown');
  });

  it('leaves out the gap when the time it stopped answering is unknown, and says unknown without a position', () => {
    expect(lossSentence(plan(null)).detail).toBe('0 bytes not on n1 as of the reading of n2 at 05:48:57.187; writes committed on n2 after that reading are unknown');
    expect(lossSentence({ target: 'b', expectedDataLossBytes: null, expectedDataLoss: null }).headline).toMatch(/^unknown/);
  });
});
