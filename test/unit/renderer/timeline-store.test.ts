import { beforeEach, describe, expect, it } from 'vitest';
import { applySamples, useTopology } from '../../../renderer/features/topology/store';
import { goLive, leaveCluster, loadMarkers, silenceMarkers, travel, useTimeline } from '../../../renderer/features/timeline/store';
import type { Silence } from '../../../shared/ipc/alerts';
import { fail } from '../../../shared/result';
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

  it('a moment nobody watched shows no stale graph: no node, no link, the note; Now brings live back', async () => {
    applySamples([live(10_000, 'b')]);
    const watched = { invoke: async () => ok({ at: 1_000, sample: live(1_000, 'a'), actions: [], topologyAt: 900, note: null }) } as never;
    await travel(watched, 'c1', 1_000);
    expect(roleOf('a')).toBe('primary');
    const note = 'ReplicaDesk was not watching this cluster at that moment';
    const gap = { invoke: async () => ok({ at: 2_000, sample: null, actions: [], topologyAt: null, note }) } as never;
    await travel(gap, 'c1', 2_000);
    const shown = useTopology.getState().byCluster.c1;
    expect(shown?.nodes.ids).toEqual([]);
    expect(shown?.links.ids).toEqual([]);
    expect(shown?.warnings).toEqual([note]);
    expect(useTimeline.getState().moment?.note).toBe(note);
    goLive();
    expect(roleOf('b')).toBe('primary');
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

describe('timeline: a "Since you were away" link to another cluster', () => {
  beforeEach(() => {
    resetStores();
    goLive();
  });
  const moment = (clusterId: string, at: number) => ({ at, sample: sample(clusterId, at, [node('a', { role: 'primary' })], []), actions: [], topologyAt: at, note: null });

  it('stays in the past when the view then leaves the cluster it was showing (the link selects and travels at once)', async () => {
    const api = { invoke: async (_ch: string, req: { clusterId: string; at: number }) => ok(moment(req.clusterId, req.at)) } as never;
    await loadMarkers({ invoke: async () => ok([]) } as never, 'c1', 0, 10_000); // the view shows c1
    const travelled = travel(api, 'c2', 5_000); // the link: select c2 and travel
    leaveCluster('c1'); // the view's clean-up for c1 runs after the click
    await travelled;
    expect(useTimeline.getState()).toMatchObject({ clusterId: 'c2', cursor: 5_000 });
    expect(useTimeline.getState().moment?.at).toBe(5_000);
    leaveCluster('c2');
    expect(useTimeline.getState().cursor).toBeNull();
  });

  it('drops markers that arrive after a newer request: a slow answer for c1 never replaces those of c2', async () => {
    let answerC1: (v: unknown) => void = () => undefined;
    const slow = { invoke: (ch: string) => (ch === 'history:markers' ? new Promise((r) => (answerC1 = r)) : Promise.resolve(ok([]))) } as never;
    const marker = { at: 7_000, endAt: null, kind: 'failover' as const, severity: 'warning' as const, title: 'switchover' };
    const c1 = loadMarkers(slow, 'c1', 0, 10_000);
    await loadMarkers({ invoke: async (ch: string) => ok(ch === 'history:markers' ? [marker] : []) } as never, 'c2', 0, 10_000);
    answerC1(ok([]));
    await c1;
    expect(useTimeline.getState().markersFor).toBe('c2');
    expect(useTimeline.getState().markers.map((m) => m.kind)).toEqual(['failover']);
  });
});

describe('timeline: silences and maintenance windows', () => {
  const silence = (over: Partial<Silence>): Silence => ({ id: 's1', clusterId: 'c1', nodeId: null, startsAt: 1_000, endsAt: 5_000, reason: 'CHG-7 disk swap', createdBy: 'dba', expiredAt: null, ...over });

  it('draws each silence overlapping the span as a span, ended early where it was expired', () => {
    const ms = silenceMarkers([silence({}), silence({ id: 's2', nodeId: 'n2', startsAt: 2_000, endsAt: 9_000, expiredAt: 3_000 }), silence({ id: 'old', startsAt: 0, endsAt: 500 })], 800, 10_000);
    expect(ms.map((m) => [m.kind, m.at, m.endAt])).toEqual([['silence', 1_000, 5_000], ['silence', 2_000, 3_000]]);
    expect(ms[0]!.title).toBe('alerts silenced on the whole cluster by dba: CHG-7 disk swap');
    expect(ms[1]!.title).toContain('on n2');
    expect(ms[1]!.title).toContain('(ended early)');
  });

  it('keeps the history markers when the silences cannot be read, and the silences when the history cannot', async () => {
    const marker = { at: 1_500, endAt: null, kind: 'event' as const, severity: 'info' as const, title: 'e' };
    const api = (history: boolean, silences: boolean) =>
      ({ invoke: async (ch: string) => (ch === 'history:markers' ? (history ? ok([marker]) : fail('x', 'no history')) : silences ? ok([silence({})]) : fail('x', 'no alerts')) }) as never;
    await loadMarkers(api(true, false), 'c1', 0, 10_000);
    expect(useTimeline.getState().markers.map((m) => m.kind)).toEqual(['event']);
    await loadMarkers(api(false, true), 'c1', 0, 10_000);
    expect(useTimeline.getState().markers.map((m) => m.kind)).toEqual(['silence']);
    expect(useTimeline.getState().markersError).toBe('no history');
  });
});
