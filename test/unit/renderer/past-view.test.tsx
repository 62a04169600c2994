import { beforeEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { applySamples, selectPastAt, useTopology } from '../../../renderer/features/topology/store';
import { goLive, travel } from '../../../renderer/features/timeline/store';
import { PastActionsNote, PastBanner, PastFreshness } from '../../../renderer/features/timeline/PastNotes';
import { ok } from '../../../shared/result';
import { node, sample } from './fixtures';
import { resetStores } from './reset';

/** Trial 20: a past moment on the timeline showed live parts mixed in (alarm border, fence actions, "stale"). */
describe('a past moment shown on the timeline does not mix in the live cluster', () => {
  beforeEach(() => {
    resetStores();
    goLive();
  });

  const past = sample('c1', 1_000, [node('a', { role: 'primary', readOnly: false }), node('b')]);
  const api = { invoke: async () => ok({ at: 1_000, sample: past, actions: [], topologyAt: 900, note: null }) } as never;

  it('marks the shown topology as past until Now, and only then', async () => {
    applySamples([sample('c1', 10_000, [node('a', { role: 'primary', readOnly: true }), node('b')])]);
    expect(selectPastAt(useTopology.getState(), 'c1')).toBeNull();
    await travel(api, 'c1', 1_000);
    expect(selectPastAt(useTopology.getState(), 'c1')).toBe(1_000);
    goLive();
    expect(selectPastAt(useTopology.getState(), 'c1')).toBeNull();
  });

  it('the past notes say when it was, that actions are for now, and what in the header is live', () => {
    expect(renderToStaticMarkup(<PastFreshness pastAt={1_000} />)).toMatch(/as it was at /);
    expect(renderToStaticMarkup(<PastActionsNote />)).toContain('Actions act on the cluster as it is now');
    expect(renderToStaticMarkup(<PastBanner pastAt={1_000} />)).toContain('The state badge and the line under it are live, now.');
  });
});
