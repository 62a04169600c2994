import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../../shared/model/event';
import type { ActionRun } from '../../../../shared/ipc/actions';
import { delta, sample, store, tempFile } from './fixtures';

const T0 = 1_700_000_000_000;
const alarm: Alarm = { key: 'lag-threshold:a->b', kind: 'lag-threshold', severity: 'warning', nodeId: 'b', raisedAt: T0 + 20_000, eventId: 'ev-1', message: 'lag over limit', clearsWhen: 'under 80 %', runbook: 'look' };

function run(status: ActionRun['status'], start: number, end: number | null): ActionRun {
  const step = (id: string, s: number, e: number | null) => ({ id, title: id, command: id, state: e ? ('done' as const) : ('running' as const), startedAt: s, endedAt: e, detail: e ? 'seen' : null, abortableBefore: true });
  return {
    status,
    advice: null,
    plan: { id: 'p1', clusterId: 'c1', kind: 'switchover', target: 'b', createdAt: start, checks: [], expectedDataLossBytes: 0, expectedUnavailableMs: 100, steps: [step('fence', start, start + 500), step('promote', start + 500, end)] },
  };
}

describe('topology at a moment', () => {
  it('shows the cluster as it was: the old primary before a switchover, the new one after, alarms and actions in flight', () => {
    const clock = { t: T0 };
    const h = store(tempFile(), clock);
    const samples = [];
    for (let t = 0; t < 60; t++) {
      const at = T0 + t * 1_000;
      const before = at < T0 + 30_000;
      samples.push(delta({ clusters: [], samples: [before ? sample('c1', at, 'a', ['b'], at >= T0 + 20_000 ? [alarm] : []) : sample('c1', at, 'b', ['a'])], lagPoints: [] }));
    }
    for (const d of samples) h.ingest(d);
    h.ingest(delta({ actions: [run('running', T0 + 29_000, null)] }));
    h.flush();
    h.ingest(delta({ actions: [run('done', T0 + 29_000, T0 + 30_000)] }));
    h.flush();
    clock.t = T0 + 61_000;

    const before = h.at('c1', T0 + 10_000);
    expect(before.sample?.nodes.find((n) => n.role === 'primary')?.id).toBe('a');
    expect(before.sample?.alarms).toEqual([]);
    expect(before.actions).toEqual([]);
    const alarmed = h.at('c1', T0 + 25_000);
    expect(alarmed.sample?.alarms?.map((a) => a.key)).toEqual([alarm.key]);
    const during = h.at('c1', T0 + 29_700);
    expect(during.actions.map((a) => a.plan.steps.map((s) => s.state))).toEqual([['done', 'running']]);
    const after = h.at('c1', T0 + 45_000);
    expect(after.sample?.nodes.find((n) => n.role === 'primary')?.id).toBe('b');
    expect(after.sample?.alarms).toEqual([]); // cleared when a sample no longer had it
    expect(after.sample?.links.map((l) => l.id)).toEqual(['b->a']);

    const marks = h.markers('c1', T0, T0 + 60_000, 100);
    expect(marks.map((m) => m.kind)).toEqual(expect.arrayContaining(['failover', 'alarm', 'action']));
    expect(marks.find((m) => m.kind === 'failover')).toMatchObject({ at: T0 + 30_000, title: expect.stringContaining('a → b') });
    expect(h.at('c1', T0 + 10 * 60_000).note).toMatch(/not watching/);
    h.close();
  });

  it('stores topology changes, not every sample', () => {
    const clock = { t: T0 };
    const h = store(tempFile(), clock);
    for (let t = 0; t < 120; t++) h.ingest(delta({ samples: [sample('c1', T0 + t * 1_000, 'a', ['b', 'c'])] }));
    h.flush();
    const rows = h.database.prepare('SELECT count(*) AS n FROM topology').get() as { n: number };
    expect(rows.n).toBe(1);
    h.close();
  });

  it('says since you were away: failovers and alarms between the last session and this one', () => {
    const clock = { t: T0 };
    const file = tempFile();
    let h = store(file, clock);
    expect(h.since('first-session').since).toBeNull();
    h.close();
    clock.t = T0 + 1_000;
    h = store(file, clock);
    h.ingest(delta({ clusters: [{ id: 'c1', name: 'orders', engine: 'postgres', kind: null, sandbox: false, sampleIntervalMs: 1000, status: { state: 'connected' } as never }] }));
    h.ingest(delta({ samples: [sample('c1', T0 + 2_000, 'a', ['b'], [{ ...alarm, raisedAt: T0 + 2_000 }])] }));
    h.ingest(delta({ samples: [sample('c1', T0 + 3_000, 'b', ['a'])] }));
    clock.t = T0 + 5_000;
    const away = h.since('second-session');
    expect(away.since).toBe(T0);
    expect(away.items.map((i) => i.kind)).toEqual(['alarm-raised', 'failover', 'alarm-cleared']);
    expect(away.items[1]).toMatchObject({ clusterName: 'orders', at: T0 + 3_000 });
    expect(h.since('second-session').since).toBe(T0); // the same span for the same session
    h.close();
  });
});
