import { describe, expect, it } from 'vitest';
import type { ActionRun } from '../../../../shared/ipc/actions';
import { mergeRuns } from '../../../../electron/core/history/actions-query';
import { delta, store, tempFile } from './fixtures';

const T0 = 1_700_000_000_000;

function run(id: string, status: ActionRun['status'], start: number): ActionRun {
  const step = (sid: string, s: number, done: boolean) => ({ id: sid, title: sid, command: sid, state: done ? ('done' as const) : ('running' as const), startedAt: s, endedAt: done ? s + 500 : null, detail: done ? 'seen' : null, abortableBefore: true });
  return {
    status,
    advice: null,
    plan: { id, clusterId: 'c1', kind: 'switchover', target: 'b', createdAt: start, checks: [], expectedDataLossBytes: 0, expectedUnavailableMs: 100, steps: [step('fence', start, true), step('promote', start + 500, status === 'done')] },
  };
}

describe('recent actions after a restart', () => {
  it('the history gives back the actions of an earlier run of the app, newest first', () => {
    const file = tempFile();
    const clock = { t: T0 };
    let h = store(file, clock);
    h.ingest(delta({ actions: [run('sw-1', 'done', T0 + 1_000), run('sw-2', 'running', T0 + 5_000)] }));
    h.close();
    h = store(file, clock); // serve restarted: the action service knows nothing
    expect(h.recentActions('c1').map((r) => [r.plan.id, r.status])).toEqual([['sw-2', 'running'], ['sw-1', 'done']]);
    expect(h.recentActions(undefined).map((r) => r.plan.id)).toEqual(['sw-2', 'sw-1']);
    expect(h.recentActions('other')).toEqual([]);
    const merged = mergeRuns([], h.recentActions('c1'));
    expect(merged.map((r) => [r.plan.id, r.status])).toEqual([['sw-2', 'interrupted'], ['sw-1', 'done']]);
    h.close();
  });

  it('a run the action service knows wins over its stored copy; others are merged by time', () => {
    const live = [run('sw-3', 'running', T0 + 9_000), run('sw-2', 'interrupted', T0 + 5_000)];
    const stored = [run('sw-2', 'running', T0 + 5_000), run('sw-1', 'done', T0 + 1_000)];
    expect(mergeRuns(live, stored).map((r) => [r.plan.id, r.status])).toEqual([['sw-3', 'running'], ['sw-2', 'interrupted'], ['sw-1', 'done']]);
  });
});
