import { describe, expect, it } from 'vitest';
import { outcomeText } from '../../../renderer/features/failover/RunProgress';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ActionStep } from '../../../shared/model/action';

const step = (id: string, state: ActionStep['state'], title = id): ActionStep => ({ id, title, command: id, state, startedAt: null, endedAt: null, detail: null, abortableBefore: false });
const run = (steps: ActionStep[], status: ActionRun['status']): ActionRun =>
  ({ plan: { id: 'p', clusterId: 'c', kind: 'switchover', target: 'n2', createdAt: 0, checks: [], steps, expectedDataLossBytes: 0, expectedUnavailableMs: 0 }, status, advice: null }) as ActionRun;

describe('the outcome line of a run', () => {
  it('a run ending with manual rejoin steps also names the steps that could not act (a pooler left to re-point by hand)', () => {
    const text = outcomeText(run([step('promote', 'done'), step('pooler-repoint', 'skipped', 'Point bouncer1 at the new primary and confirm with SHOW DATABASES'), step('manual-rewind', 'manual')], 'done-manual'));
    expect(text).toMatch(/^Done, 1 manual step left: .* Also 1 step could not act: "Point bouncer1 at the new primary and confirm with SHOW DATABASES" \(skipped, see why: it says what to do by hand\)\.$/);
  });

  it('a done run with a step that could not act names it instead of a plain "Done"', () => {
    const text = outcomeText(run([step('promote', 'done'), step('pooler-repoint', 'skipped', 'Point bouncer1 at the new primary')], 'done'));
    expect(text).toBe('Done, but 1 step could not act: "Point bouncer1 at the new primary" (skipped, see why: it says what to do by hand). Every other step was seen done.');
    expect(outcomeText(run([step('promote', 'done')], 'done'))).toBe('Done: every step completed.');
  });

  it('without skipped steps it says only the manual steps', () => {
    expect(outcomeText(run([step('promote', 'done'), step('manual-rewind', 'manual')], 'done-manual'))).not.toMatch(/could not act/);
  });
});
