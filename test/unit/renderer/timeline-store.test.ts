import { beforeEach, describe, expect, it } from 'vitest';
import { applySamples, useTopology } from '../../../renderer/features/topology/store';
import { goLive, travel, useTimeline } from '../../../renderer/features/timeline/store';
import { ok } from '../../../shared/result';
import { link, node, sample } from './fixtures';
import { resetStores } from './reset';

const live = (at: number, primary: string) =>
  sample('c1', at, [node(primary, { role: 'primary' }), node(primary === 'a' ? 'b' : 'a')], [link(primary, primary === 'a' ? 'b' : 'a')]);
const roleOf = (id: string) => useTopology.getState().byCluster.c1?.nodes.byId[id]?.role;

describe('timeline store: time travel over the live topology', () => {
  beforeEach(() => {
    resetStores();
    goLive();
  });

  it('shows the stored moment, keeps live samples aside meanwhile, and Now shows the newest live one', async () => {
    applySamples([live(10_000, 'b')]);
    const past = live(1_000, 'a');
    const api = { invoke: async () => ok({ at: 1_000, sample: past, actions: [], topologyAt: 900, note: null }) } as never;
    await travel(api, 'c1', 1_000);
    expect(useTimeline.getState().cursor).toBe(1_000);
    expect(roleOf('a')).toBe('primary');
    applySamples([live(11_000, 'b')]); // live keeps coming: the past stays on screen
    expect(roleOf('a')).toBe('primary');
    goLive();
    expect(useTimeline.getState().cursor).toBeNull();
    expect(roleOf('b')).toBe('primary');
    expect(useTopology.getState().byCluster.c1?.takenAt).toBe(11_000);
    applySamples([live(12_000, 'b')]);
    expect(useTopology.getState().byCluster.c1?.takenAt).toBe(12_000);
  });

  it('an unreachable moment is said, and the live view comes back on Now', async () => {
    applySamples([live(10_000, 'b')]);
    const api = { invoke: async () => ({ ok: false, code: 'x', reason: 'history unavailable' }) } as never;
    await travel(api, 'c1', 1_000);
    expect(useTimeline.getState().error).toBe('history unavailable');
    goLive();
    expect(roleOf('b')).toBe('primary');
  });
});
