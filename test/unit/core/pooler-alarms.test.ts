import { describe, expect, it } from 'vitest';
import { ClusterWatch } from '../../../electron/core/alarms/cluster-watch';
import { POOLER_PAUSED_HOLD_MS, POOLER_UNREACHABLE_HOLD_MS } from '../../../electron/core/alarms/pooler-rules';
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
  databases: [{ name: 'app', host: '127.0.0.1', port: 5433, dbname: 'app', targetNodeId: P, paused: false }],
  clientsActive: 3, clientsWaiting: 0, serverConnsByNode: { [P]: 2 }, localAddrs: [], agent: 'none', heldPausedSince: null, readAt: clock, ...over,
});
const paused = (p: boolean) => pooler({ databases: [{ name: 'app', host: '127.0.0.1', port: 5433, dbname: 'app', targetNodeId: P, paused: p }] });
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
