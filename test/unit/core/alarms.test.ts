import { describe, expect, it } from 'vitest';
import { ClusterWatch } from '../../../electron/core/alarms/cluster-watch';
import { SLOT_GRACE_MS, splitBrainObservation } from '../../../electron/core/alarms/rules';
import { EventLog } from '../../../electron/core/events/event-log';
import type { ClusterSample } from '../../../shared/model/sample';
import type { ClusterNode } from '../../../shared/model/node';
import type { ReplicationSlot } from '../../../shared/model/slot';
import { link, node } from '../../support/fake-driver';

const limits = { lagThresholdBytes: 1_000, lagThresholdMs: 1_000 };
let clock = 0;
const sample = (over: Partial<ClusterSample> = {}): ClusterSample => ({
  clusterId: 'c', takenAt: (clock += 1_000), durationMs: 1, nodes: [named(node('127.0.0.1:5433', 'primary'), 'n1'), named(node('127.0.0.1:5434', 'replica'), 'n2')],
  links: [link('127.0.0.1:5433', '127.0.0.1:5434', 0)], slots: [], consensus: null, queriesPerNode: 1, warnings: [], ...over,
});
function named(n: ClusterNode, name: string): ClusterNode {
  return { ...n, name };
}
const P = '127.0.0.1:5433';
const R = '127.0.0.1:5434';

function watcher() {
  const log = new EventLog();
  const watch = new ClusterWatch(() => limits, (e) => log.append({ ...e, clusterId: 'c' }).id);
  const seen = () => log.list({ limit: 100 }).reverse();
  return { watch, log, seen, feed: (s: ClusterSample) => watch.observe(s, 'primary-replica') };
}

describe('alarms: raise, hold, clear', () => {
  it('raises node down once, names the node by its display name, and clears with an event naming the alarm', () => {
    const w = watcher();
    w.feed(sample());
    const down = sample({ nodes: [named(node(P, 'primary'), 'n1'), named(node(R, 'replica', { kind: 'down', since: 1, reason: 'refused' }), 'n2')] });
    w.feed(down);
    w.feed(down);
    expect(w.seen().map((e) => e.kind)).toEqual(['node-down']);
    const raised = w.seen()[0]!;
    expect(raised.message).toBe('n2 is down: refused');
    expect(raised.runbook).toMatch(/restart it/);
    expect(w.watch.openAlarms()).toMatchObject([{ key: `node-down:${R}`, eventId: raised.id }]);
    w.feed(sample());
    const cleared = w.seen()[1]!;
    expect(cleared).toMatchObject({ kind: 'cleared', alarmKey: `node-down:${R}`, message: 'cleared: n2 is up again' });
    expect(w.watch.openAlarms()).toEqual([]);
  });

  it('escalates unreachable to down within one alarm, cleared once', () => {
    const w = watcher();
    const st = (s: ClusterNode['status']) => sample({ nodes: [named(node(P, 'primary'), 'n1'), named(node(R, 'replica', s), 'n2')] });
    w.feed(st({ kind: 'unreachable', since: 1, reason: 'x' }));
    w.feed(st({ kind: 'down', since: 1, reason: 'y' }));
    w.feed(st({ kind: 'up' }));
    expect(w.seen().map((e) => [e.kind, e.alarmKey])).toEqual([
      ['node-unreachable', `node-down:${R}`],
      ['node-down', `node-down:${R}`],
      ['cleared', `node-down:${R}`],
    ]);
  });

  it('lag: raises over the limit, stays open between 80 % and the limit (hysteresis), clears under 80 %', () => {
    const w = watcher();
    const lag = (bytes: number) => sample({ links: [link(P, R, bytes)] });
    w.feed(lag(0));
    w.feed(lag(1_500));
    w.feed(lag(900));
    w.feed(lag(1_100));
    w.feed(lag(850));
    expect(w.seen().map((e) => e.kind)).toEqual(['lag-threshold']);
    expect(w.seen()[0]!.message).toContain('lag n1 → n2 is');
    w.feed(lag(700));
    expect(w.seen().map((e) => e.kind)).toEqual(['lag-threshold', 'cleared']);
    expect(w.seen()[1]!.alarmKey).toBe(`lag-threshold:${P}->${R}`);
  });

  it('a broken link clears when it ends (a role change re-pointed it: not broken replication); an ended link raises no lag alarm', () => {
    const w = watcher();
    const l = link(P, R, 5_000);
    w.feed(sample({ links: [{ ...l, state: 'broken' }] }));
    const ended = { ...l, state: 'ended' as const, lag: { ...l.lag, bytes: { sent: null, write: null, flush: null, replay: null }, ms: { write: null, flush: null, replay: null } } };
    w.feed(sample({ links: [ended] }));
    expect(w.seen().map((e) => e.kind)).toEqual(['link-broken', 'lag-threshold', 'link-ended', 'cleared', 'cleared']);
    expect(w.seen()[0]!.message).toBe('replication n1 → n2 is broken');
    const cleared = w.seen().filter((e) => e.kind === 'cleared');
    expect(cleared.map((e) => e.alarmKey).sort()).toEqual([`lag-threshold:${P}->${R}`, `link-broken:${P}->${R}`].sort());
    expect(cleared.find((e) => e.alarmKey === `link-broken:${P}->${R}`)?.message).toMatch(/replication n1 → n2 ended: neither side reports it any more/);
    expect(w.watch.openAlarms()).toEqual([]);
    w.feed(sample({ links: [] }));
    expect(w.seen().filter((e) => e.kind === 'cleared')).toHaveLength(2);
  });

  it('an alarm whose subject left the reading is cleared', () => {
    const w = watcher();
    w.feed(sample({ links: [link(P, R, 5_000)] }));
    w.feed(sample({ links: [] }));
    expect(w.seen().map((e) => e.kind)).toEqual(['lag-threshold', 'cleared']);
  });

  it('no writable primary: a fenced primary with no other writer raises it (a switchover stopped half-way), unfencing clears it', () => {
    const w = watcher();
    const n1 = named(node(P, 'primary'), 'n1');
    const n2 = named(node(R, 'replica'), 'n2');
    w.feed(sample({ nodes: [n1, { ...n2, readOnly: true }] }));
    expect(w.seen()).toEqual([]);
    const fenced = { nodes: [{ ...n1, readOnly: true, fenced: true }, { ...n2, readOnly: true }] };
    // Samples 1 s apart: a switchover's fence-then-promote window raises nothing; a fence held 5 s does.
    for (let i = 0; i < 5; i++) w.feed(sample(fenced));
    expect(w.seen()).toEqual([]);
    w.feed(sample(fenced));
    expect(w.seen().map((e) => [e.kind, e.message])).toEqual([['no-writable-primary', 'no writable primary: n1 is fenced and no other node accepts writes']]);
    expect(w.seen()[0]!.runbook).toMatch(/Unfence the primary you keep/);
    w.feed(sample({ nodes: [n1, { ...n2, readOnly: true }] }));
    expect(w.seen().at(-1)).toMatchObject({ kind: 'cleared', alarmKey: 'no-writable-primary:cluster', message: 'cleared: n1 accepts writes' });
    expect(w.watch.openAlarms()).toEqual([]);
  });

  it('split brain: two writable primaries raise it, a fenced old primary does not, fencing clears it', () => {
    const w = watcher();
    const n1 = named(node(P, 'primary'), 'n1');
    const n2 = named(node(R, 'primary'), 'n2');
    w.feed(sample({ nodes: [{ ...n1, readOnly: true, fenced: true }, n2], links: [] }));
    expect(w.seen().map((e) => e.kind)).toEqual([]);
    w.feed(sample({ nodes: [n1, n2], links: [] }));
    expect(w.seen().map((e) => e.kind)).toEqual(['split-brain']);
    expect(w.seen()[0]!.message).toBe('split brain: n1 and n2 both accept writes as primary; choose which to keep and fence the other');
    expect(w.seen()[0]!.nodeId).toBeNull();
    w.feed(sample({ nodes: [{ ...n1, readOnly: true, fenced: true }, n2], links: [] }));
    expect(w.seen().map((e) => e.kind)).toEqual(['split-brain', 'cleared']);
    expect(w.seen()[1]!.message).toBe('cleared: only n2 accepts writes');
  });

  it('split brain names the node on the older timeline to fence, not the first writable node', () => {
    const w = watcher();
    const n1 = { ...named(node(P, 'primary'), 'n1'), timeline: 3 };
    const n2 = { ...named(node(R, 'primary'), 'n2'), timeline: 2 };
    w.feed(sample({ nodes: [n1, n2], links: [] }));
    expect(w.seen()[0]).toMatchObject({ kind: 'split-brain', nodeId: R, message: 'split brain: n1 and n2 both accept writes as primary; fence n2 (on the older timeline)' });
    expect(w.watch.openAlarms()[0]?.nodeId).toBe(R);
  });

  it('split brain on one timeline: the node not last promoted, when known; else no target', () => {
    const n1 = { ...named(node(P, 'primary'), 'n1'), timeline: 2 };
    const n2 = { ...named(node(R, 'primary'), 'n2'), timeline: 2 };
    const s = sample({ nodes: [n1, n2], links: [] });
    const names = { node: (id: string) => (id === P ? 'n1' : 'n2'), link: () => '' };
    expect(splitBrainObservation(s, names, P)).toMatchObject({ nodeId: R, message: expect.stringContaining('fence n2 (not the node last promoted)') });
    expect(splitBrainObservation(s, names, null).nodeId).toBeNull();
    expect(splitBrainObservation(s, names, 'elsewhere').nodeId).toBeNull();
  });

  it('lag names the limit it crossed: bytes, time, or both', () => {
    const w = watcher();
    w.feed(sample({ links: [link(P, R, 1_500, 10)] }));
    expect(w.seen()[0]!.message).toMatch(/over the byte limit of 1000 B$/);
    const t = watcher();
    t.feed(sample({ links: [link(P, R, 10, 2_000)] }));
    expect(t.seen()[0]!.message).toMatch(/over the time limit of 1(\.0)? ?s$/);
    const b = watcher();
    b.feed(sample({ links: [link(P, R, 1_500, 2_000)] }));
    expect(b.seen()[0]!.message).toMatch(/over the byte limit of 1000 B and the time limit of/);
  });

  it('a standby (read-only by recovery) next to the primary is not split brain', () => {
    const w = watcher();
    w.feed(sample({ nodes: [named(node(P, 'primary'), 'n1'), { ...named(node(R, 'replica'), 'n2'), readOnly: true }] }));
    expect(w.seen()).toEqual([]);
  });

  it('slot inactive: not flagged when created, flagged after the grace period, cleared when active', () => {
    const w = watcher();
    const slot = (active: boolean, retainedBytes = 1_000): ReplicationSlot => ({ nodeId: P, name: 's1', kind: 'physical', active, retainedBytes, walStatus: 'reserved' });
    w.feed(sample({ slots: [slot(false)] }));
    w.feed(sample({ slots: [slot(false)] }));
    expect(w.seen()).toEqual([]);
    clock += SLOT_GRACE_MS;
    w.feed(sample({ slots: [slot(false)] }));
    expect(w.seen().map((e) => e.kind)).toEqual(['slot-inactive']);
    expect(w.seen()[0]!.message).toBe('slot s1 on n1 is inactive and retains 1000 B of WAL');
    w.feed(sample({ slots: [slot(true)] }));
    expect(w.seen().map((e) => e.kind)).toEqual(['slot-inactive', 'cleared']);
  });

  it('slot inactive holding back more than the limit is flagged at once', () => {
    const w = watcher();
    w.feed(sample({ slots: [{ nodeId: P, name: 's1', kind: 'physical', active: false, retainedBytes: 3e9, walStatus: 'extended' }] }));
    expect(w.seen().map((e) => e.message)).toEqual(['slot s1 on n1 is inactive and retains 2.8 GB of WAL']);
  });
});
