import { beforeEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { fitSpan, fittingSpan, goLive, setSpan, SPANS, useTimeline } from '../../../renderer/features/timeline/store';
import { StepList } from '../../../renderer/features/timeline/MomentSummary';
import type { ActionRun } from '../../../shared/ipc/actions';
import { ok } from '../../../shared/result';

const MIN = 60_000;
const NOW = 1_700_000_000_000;
const status = (oldest: number | null) =>
  ({ invoke: async () => ok({ mode: 'file', file: 'h', problem: null, sizeBytes: 1, capBytes: 2, oldest: { raw: oldest, '10s': oldest, '1m': null, '1h': null } }) }) as never;

describe('timeline span fitted to the history', () => {
  beforeEach(() => {
    goLive();
    useTimeline.setState({ spanMs: SPANS[0].ms, spanChosen: false });
  });

  it('picks the shortest span holding the history: 15 min while younger, 1 h for 40 min, 7 d past that', () => {
    expect(fittingSpan(null, NOW)).toBe(15 * MIN);
    expect(fittingSpan(NOW - 10 * MIN, NOW)).toBe(15 * MIN);
    expect(fittingSpan(NOW - 40 * MIN, NOW)).toBe(60 * MIN);
    expect(fittingSpan(NOW - 30 * 24 * 60 * MIN, NOW)).toBe(7 * 24 * 60 * MIN);
  });

  it('defaults to 15 min for 10 minutes of history, and leaves a span the user chose alone', async () => {
    useTimeline.setState({ spanMs: 3_600_000 });
    await fitSpan(status(NOW - 10 * MIN), NOW);
    expect(useTimeline.getState().spanMs).toBe(15 * MIN);
    setSpan(24 * 60 * MIN);
    await fitSpan(status(NOW - 10 * MIN), NOW);
    expect(useTimeline.getState().spanMs).toBe(24 * 60 * MIN);
  });
});

describe('action in flight at a past moment', () => {
  it('lists each step with its state instead of one paragraph', () => {
    const step = (id: string, state: 'done' | 'running' | 'pending') => ({ id, title: `step ${id}`, command: id, state, startedAt: null, endedAt: null, detail: null, abortableBefore: true });
    const run: ActionRun = {
      status: 'running',
      advice: null,
      plan: { id: 'p', clusterId: 'c1', kind: 'switchover', target: 'b', createdAt: 0, checks: [], expectedDataLossBytes: 0, expectedUnavailableMs: 0, steps: [step('1', 'done'), step('2', 'running'), step('3', 'pending')] },
    };
    const html = renderToStaticMarkup(<StepList run={run} />);
    expect(html.match(/<li /g)).toHaveLength(3);
    expect(html).toMatch(/<li data-state="running"[^>]*>step 2 <span class="muted">— running<\/span><\/li>/);
    expect(html).not.toContain('step 1 (done), step 2');
  });
});
