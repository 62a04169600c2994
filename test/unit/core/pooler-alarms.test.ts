import { describe, expect, it } from 'vitest';
import { ClusterWatch } from '../../../electron/core/alarms/cluster-watch';
import { POOLER_MISROUTED_HOLD_MS, POOLER_PAUSED_HOLD_MS, POOLER_UNREACHABLE_HOLD_MS } from '../../../electron/core/alarms/pooler-rules';
import { EventLog } from '../../../electron/core/events/event-log';
import type { PoolerReading } from '../../../shared/model/pooler';
import type { ClusterSample } from '../../../shared/model/sample';
import { link, node } from '../../support/fake-driver';

const P = '127.0.0.1:5433';
const R = '127.0.0.1:5434';
let clock = 0;

const pooler = (over: Partial<PoolerReading> = {}): PoolerReading => ({
  id: 'pooler:127.0.0.1:6432', name: 'pgb1', host: '127.0.0.1', port: 6432, status: 'ok', error: null, version: 'PgBouncer 1.18.0',
  poolMode: 'transaction', serverLoginRetryS: 1, queryWaitTimeoutS: 120,
  databases: [{ name: 'app', host: '127.0.0.1', port: 5433, dbname: 'app', targetNodeId: P, paused: false, writeRoute: true }],
  clientsActive: 3, clientsWaiting: 0, serverConnsByNode: { [P]: 2 }, localAddrs: [], agent: 'none', heldPausedSince: null, readAt: clock, ...over,
});
const paused = (p: boolean) => pooler({ databases: [{ name: 'app', host: '127.0.0.1', port: 5433, dbname: 'app', targetNodeId: P, paused: p, writeRoute: true }] });
const sample = (poolers: PoolerReading[], stepMs = 1_000): ClusterSample => ({
  clusterId: 'c', takenAt: (clock += stepMs), durationMs: 1, nodes: [node(P, 'primary'), node(R, 'replica')],
  links: [link(P, R, 0)], slots: [], consensus: null, queriesPerNode: 1, warnings: [], poolers,
});

function watcher() {
  const log = new EventLog();
  const watch = new ClusterWatch(() => ({ lagThresholdBytes: 1e9, lagThresholdMs: 1e9 }), (e) => log.append({ ...e, clusterId: 'c' }).id);
  return { watch, seen: () => log.list({ limit: 100 }).reverse(), feed: (s: ClusterSample) => watch.observe(s, 'primary-replica') };
}

describe('pooler alarms', () => {
  it("a switchover's short PAUSE raises nothing; a pause left behind raises a critical alarm that RESUME clears", () => {
    const w = watcher();
    w.feed(sample([paused(false)]));
    w.feed(sample([paused(true)], 400));
    w.feed(sample([paused(false)], 400));
    expect(w.seen()).toEqual([]);
    w.feed(sample([paused(true)]));
    w.feed(sample([paused(true)], POOLER_PAUSED_HOLD_MS - 1));
    expect(w.seen()).toEqual([]);
    w.feed(sample([paused(true)], 1));
    const raised = w.seen()[0]!;
    expect(raised).toMatchObject({ kind: 'pooler-paused', severity: 'critical' });
    expect(raised.message).toContain('pgb1 (127.0.0.1:6432) is paused (app)');
    expect(raised.runbook).toMatch(/RESUME/);
    w.feed(sample([paused(false)]));
    expect(w.seen()[1]).toMatchObject({ kind: 'cleared', alarmKey: 'pooler-paused:pooler:127.0.0.1:6432' });
    expect(w.watch.openAlarms()).toEqual([]);
  });

  it('a pooler that stops answering is a warning after the hold; it clears when read again, and its paused alarm stays put while it is not read', () => {
    const w = watcher();
    const gone = pooler({ status: 'unreachable', error: 'connect ECONNREFUSED', databases: [] });
    w.feed(sample([paused(true)]));
    w.feed(sample([paused(true)], POOLER_PAUSED_HOLD_MS));
    w.feed(sample([gone]));
    w.feed(sample([gone], POOLER_UNREACHABLE_HOLD_MS));
    expect(w.seen().map((e) => e.kind)).toEqual(['pooler-paused', 'pooler-unreachable']);
    expect(w.seen()[1]!.message).toContain('unreachable: connect ECONNREFUSED');
    // Not read is not "resumed": the paused alarm is still open.
    expect(w.watch.openAlarms().map((a) => a.key).sort()).toEqual(['pooler-paused:pooler:127.0.0.1:6432', 'pooler-unreachable:pooler:127.0.0.1:6432']);
    w.feed(sample([paused(false)]));
    expect(w.seen().slice(2).map((e) => [e.kind, e.alarmKey])).toEqual([
      ['cleared', 'pooler-paused:pooler:127.0.0.1:6432'],
      ['cleared', 'pooler-unreachable:pooler:127.0.0.1:6432'],
    ]);
  });

  it('a pooler removed from the spec takes its alarm with it', () => {
    const w = watcher();
    w.feed(sample([paused(true)]));
    w.feed(sample([paused(true)], POOLER_PAUSED_HOLD_MS));
    w.feed(sample([]));
    expect(w.seen().map((e) => e.kind)).toEqual(['pooler-paused', 'cleared']);
  });
});

describe('pooler left routing writes to a node that refuses them', () => {
  const routeTo = (target: string, writeRoute = true) => pooler({ databases: [{ name: 'app', host: '127.0.0.1', port: 1, dbname: 'app', targetNodeId: target, paused: false, writeRoute }] });
  // After a switchover: R is the primary, P a standby.
  const after = (poolers: PoolerReading[], stepMs = 1_000): ClusterSample => ({ ...sample(poolers, stepMs), nodes: [node(P, 'replica'), node(R, 'primary')], links: [link(R, P, 0)] });

  it('raises after the hold when the write route stays on the old primary, naming the primary to point at; a re-point clears it', () => {
    const w = watcher();
    w.feed(sample([routeTo(P)]));
    // The switchover's own re-point comes within the hold: nothing raised.
    w.feed(after([routeTo(P)]));
    w.feed(after([routeTo(R)], 500));
    const mine = () => w.seen().filter((e) => e.kind === 'pooler-misrouted' || e.alarmKey?.startsWith('pooler-misrouted'));
    expect(mine()).toEqual([]);
    w.feed(after([routeTo(P)]));
    w.feed(after([routeTo(P)], POOLER_MISROUTED_HOLD_MS));
    const raised = mine()[0]!;
    expect(raised).toMatchObject({ kind: 'pooler-misrouted', severity: 'critical', nodeId: null });
    expect(raised.message).toBe(`pooler pgb1 sends app to ${P}, which is a standby (read-only); ${R} is the primary: pooled writes fail until app points at it`);
    expect(raised.runbook).toMatch(/RELOAD/);
    w.feed(after([routeTo(R)]));
    expect(mine()[1]).toMatchObject({ kind: 'cleared', alarmKey: 'pooler-misrouted:pooler:127.0.0.1:6432/app' });
  });

  it('a read-only route to a standby (never a write route) raises nothing', () => {
    const w = watcher();
    w.feed(sample([routeTo(R, false)]));
    w.feed(sample([routeTo(R, false)], POOLER_MISROUTED_HOLD_MS * 2));
    expect(w.seen()).toEqual([]);
  });

  it('a fenced target is named as fenced; with no writable node at all it is not this alarm', () => {
    const w = watcher();
    const fencedP = (poolers: PoolerReading[], stepMs = 1_000): ClusterSample => ({ ...after(poolers, stepMs), nodes: [{ ...node(P, 'primary'), fenced: true, readOnly: true }, node(R, 'primary')] });
    w.feed(fencedP([routeTo(P)]));
    w.feed(fencedP([routeTo(P)], POOLER_MISROUTED_HOLD_MS));
    expect(w.seen().find((e) => e.kind === 'pooler-misrouted')?.message).toContain('which refuses writes (fenced)');
    const none = watcher();
    const nobody = (stepMs = 1_000): ClusterSample => ({ ...sample([routeTo(P)], stepMs), nodes: [node(P, 'replica'), node(R, 'replica')] });
    none.feed(nobody());
    none.feed(nobody(POOLER_MISROUTED_HOLD_MS));
    expect(none.seen().filter((e) => e.kind === 'pooler-misrouted')).toEqual([]);
  });
});

