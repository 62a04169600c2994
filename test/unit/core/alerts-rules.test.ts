import { describe, expect, it } from 'vitest';
import { AlertBook, type AlertChange, type AlertObservation } from '../../../electron/core/alerts/alert-book';
import { sampleObservations } from '../../../electron/core/alerts/rules-sample';
import { conflictObservation, inDoubtObservations, leaderFlapObservation } from '../../../electron/core/alerts/rules-other';
import { RuleLimitsSchema } from '../../../shared/ipc/alerts';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import type { ClusterSample } from '../../../shared/model/sample';
import { link, node } from '../../support/fake-driver';

const P = '127.0.0.1:5433';
const R = '127.0.0.1:5434';
const limits = RuleLimitsSchema.parse({ lagBytes: 1_000, lagSeconds: 10, lagForSeconds: 3, slotRetainedBytes: 10_000, leaderChanges: 2, leaderWindowMinutes: 1 });
const cluster = { id: 'c1', name: 'prod' };

function sample(at: number, lagBytes = 0, over: Partial<ClusterSample> = {}): ClusterSample {
  return {
    clusterId: 'c1', takenAt: at, durationMs: 1, nodes: [{ ...node(P, 'primary'), name: 'n1' }, { ...node(R, 'replica'), name: 'n2' }],
    links: [link(P, R, lagBytes)], slots: [], consensus: null, queriesPerNode: 1, warnings: [], ...over,
  };
}
const headline = (state: ClusterHeadline['state']): ClusterHeadline => ({ clusterId: 'c1', state, title: `primary n1 ${state}`, since: 0, asOf: 0, nodes: ['n1'], nodeIds: [P], suggestion: null });

function book() {
  const changes: AlertChange[] = [];
  const b = new AlertBook((c) => changes.push(c));
  const feed = (at: number, obs: AlertObservation[], scope = 'sample') => b.apply(scope, cluster, obs, at, null);
  const kinds = () => changes.map((c) => `${c.kind}:${c.alert.rule}`);
  return { b, feed, kinds, changes };
}

describe('alert rules and hysteresis', () => {
  it('lag fires only after staying over the limit for lagForSeconds, stays firing between 80 % and 100 %, resolves under 80 %', () => {
    const { b, feed, kinds, changes } = book();
    const obs = (at: number, bytes: number) => feed(at, sampleObservations(sample(at, bytes), null, limits));
    obs(0, 2_000);
    obs(2_000, 2_000);
    expect(kinds()).toEqual([]);
    obs(2_500, 500); // dipped under: the hold restarts
    obs(3_000, 2_000);
    obs(5_000, 2_000);
    expect(kinds()).toEqual([]);
    obs(6_000, 2_000);
    expect(kinds()).toEqual(['firing:lag']);
    expect(changes[0]!.alert).toMatchObject({ cluster: 'prod', node: 'n2', severity: 'warning', startsAt: 6_000, status: 'firing' });
    obs(7_000, 900); // under the limit, over 80 %: still firing
    obs(8_000, 850);
    expect(kinds()).toEqual(['firing:lag']);
    expect(b.open()).toHaveLength(1);
    obs(9_000, 799);
    expect(kinds()).toEqual(['firing:lag', 'resolved:lag']);
    expect(changes[1]!.alert).toMatchObject({ status: 'resolved', endsAt: 9_000, startsAt: 6_000 });
  });

  it('no server answering for 10 s fires no-server-answers (monitoring blind, trial 21); a blip does not; any answer resolves it', () => {
    const { feed, kinds, changes } = book();
    const why = { kind: null, target: null, text: 'check whether the servers are running and whether ReplicaDesk can reach them and log in; n1: password authentication failed for user "mon"' };
    const blind = (at: number, state: ClusterHeadline['state']) => feed(at, sampleObservations(sample(at), { ...headline(state), title: 'no server answers: n1 unreachable, n2 unreachable', suggestion: why }, limits));
    blind(0, 'no-server-answers');
    blind(5_000, 'healthy'); // one lost sample: no page
    blind(6_000, 'no-server-answers');
    blind(15_000, 'no-server-answers');
    expect(kinds()).toEqual([]);
    blind(16_000, 'no-server-answers');
    expect(kinds()).toEqual(['firing:no-server-answers']);
    expect(changes[0]!.alert).toMatchObject({ severity: 'critical', status: 'firing' });
    expect(changes[0]!.alert.summary).toContain('ReplicaDesk sees nothing of this cluster');
    expect(changes[0]!.alert.summary).toContain('n1: password authentication failed for user "mon"'); // the cause, as the headline says it
    blind(17_000, 'degraded');
    expect(kinds()).toEqual(['firing:no-server-answers', 'resolved:no-server-answers']);
    expect(changes[1]!.alert.summary).toBe('a server of the cluster answers ReplicaDesk again'); // not "(primary primary)"  (trial 22)
    // Switched off per cluster: nothing.
    const off = book();
    off.feed(0, sampleObservations(sample(0), headline('no-server-answers'), { ...limits, disabled: ['no-server-answers'] }));
    off.feed(20_000, sampleObservations(sample(20_000), headline('no-server-answers'), { ...limits, disabled: ['no-server-answers'] }));
    expect(off.kinds()).toEqual([]);
  });

  it('a link gone from the reading resolves its lag alert', () => {
    const { feed, kinds } = book();
    for (const at of [0, 4_000]) feed(at, sampleObservations(sample(at, 5_000), null, limits));
    feed(5_000, sampleObservations(sample(5_000, 0, { links: [] }), null, limits));
    expect(kinds()).toEqual(['firing:lag', 'resolved:lag']);
  });

  it('slot retaining WAL: raised past the limit, cleared only under 80 %', () => {
    const { feed, kinds } = book();
    const slot = (bytes: number) => ({ slots: [{ nodeId: P, name: 's1', kind: 'physical' as const, active: true, retainedBytes: bytes, walStatus: 'reserved' }] });
    const obs = (at: number, bytes: number) => feed(at, sampleObservations(sample(at, 0, slot(bytes)), null, limits));
    obs(0, 11_000);
    obs(1_000, 9_000);
    expect(kinds()).toEqual(['firing:slot-retained']);
    obs(2_000, 7_900);
    expect(kinds()).toEqual(['firing:slot-retained', 'resolved:slot-retained']);
  });

  it('primary down comes from the headline; primary-unreachable neither raises nor clears it (the band)', () => {
    const { feed, kinds, changes } = book();
    const obs = (at: number, state: ClusterHeadline['state']) => feed(at, sampleObservations(sample(at), headline(state), limits));
    obs(0, 'primary-unreachable');
    expect(kinds()).toEqual([]);
    obs(1_000, 'primary-down');
    expect(changes[0]!.alert).toMatchObject({ rule: 'primary-down', node: 'n1', nodeId: P, severity: 'critical' });
    obs(2_000, 'primary-unreachable');
    expect(kinds()).toEqual(['firing:primary-down']);
    obs(3_000, 'healthy');
    expect(kinds()).toEqual(['firing:primary-down', 'resolved:primary-down']);
  });

  it('split brain and no writable primary follow the open alarms (their conditions are not duplicated)', () => {
    const { feed, kinds } = book();
    const alarm = { key: 'split-brain:cluster', kind: 'split-brain' as const, severity: 'critical' as const, nodeId: P, raisedAt: 0, eventId: 'e1', message: 'split brain: n1 and n2 both accept writes', clearsWhen: 'at most one node accepts writes', runbook: '' };
    feed(0, sampleObservations(sample(0, 0, { alarms: [alarm] }), null, limits));
    feed(1_000, sampleObservations(sample(1_000, 0, { alarms: [] }), null, limits));
    expect(kinds()).toEqual(['firing:split-brain', 'resolved:split-brain']);
  });

  it('a disabled rule does not fire', () => {
    const { feed, kinds } = book();
    const off = { ...limits, disabled: ['lag' as const] };
    for (const at of [0, 5_000]) feed(at, sampleObservations(sample(at, 5_000), null, off));
    expect(kinds()).toEqual([]);
  });

  it('leader changes: fires above N in the window, clears at N/2 or fewer as the window slides', () => {
    const { feed, kinds } = book();
    const times = [0, 1_000, 2_000];
    feed(2_000, leaderFlapObservation(times.slice(0, 2), 2_000, limits), 'events');
    expect(kinds()).toEqual([]);
    feed(2_500, leaderFlapObservation(times, 2_500, limits), 'events');
    expect(kinds()).toEqual(['firing:leader-flapping']);
    feed(60_500, leaderFlapObservation(times, 60_500, limits), 'events'); // 0 aged out: 2 left, over N/2 = 1
    expect(kinds()).toEqual(['firing:leader-flapping']);
    feed(61_500, leaderFlapObservation(times, 61_500, limits), 'events');
    expect(kinds()).toEqual(['firing:leader-flapping', 'resolved:leader-flapping']);
  });

  it('in-doubt transaction: fires past its age limit, resolves when the gid is gone; other scopes are left alone', () => {
    const { b, feed, kinds } = book();
    const row = { gid: 'g1', nodes: [P], oldestPreparedAt: 0, missingOn: [], disagreement: null, overAge: true };
    const l = { ...limits, inDoubtAgeSeconds: 5 };
    feed(4_000, inDoubtObservations([row], 4_000, l, () => 'n1'), 'locking');
    expect(kinds()).toEqual([]);
    feed(6_000, inDoubtObservations([row], 6_000, l, () => 'n1'), 'locking');
    for (const at of [0, 4_000]) feed(at, sampleObservations(sample(at, 5_000), null, limits));
    expect(kinds()).toEqual(['firing:in-doubt', 'firing:lag']);
    feed(7_000, [], 'locking');
    expect(kinds()).toEqual(['firing:in-doubt', 'firing:lag', 'resolved:in-doubt']);
    expect(b.open().map((a) => a.rule)).toEqual(['lag']);
  });

  it('conflict opened: fires while any conflict is open, resolves when none is', () => {
    const { feed, kinds, changes } = book();
    feed(0, conflictObservation(0, limits), 'conflicts');
    feed(1_000, conflictObservation(2, limits), 'conflicts');
    feed(2_000, conflictObservation(1, limits), 'conflicts');
    expect(changes[0]!.alert.summary).toBe('2 open replication conflicts');
    feed(3_000, conflictObservation(0, limits), 'conflicts');
    expect(kinds()).toEqual(['firing:conflict-opened', 'resolved:conflict-opened']);
  });
});
