import { describe, expect, it } from 'vitest';
import { buildSample } from '../../../../electron/drivers/postgres/build-sample';
import type { NodeView } from '../../../../electron/drivers/postgres/node-view';
import { failed, NOW, primaryReading, sender, standbyReading, up } from './fixtures';

const P = '127.0.0.1:5432';
const S1 = '127.0.0.1:5433';
const S2 = '127.0.0.1:5434';
const at = (port: number) => ({ host: '127.0.0.1', port });

function build(views: NodeView[]) {
  return buildSample({ clusterId: 'c', takenAt: NOW - 5, now: NOW, views, queriesPerNode: 1, ghostMemory: () => ({ since: NOW - 50, probeNote: null }) });
}

const node = (r: ReturnType<typeof build>, id: string) => r.sample.nodes.find((n) => n.id === id);

describe('buildSample: topology', () => {
  it('gives roles, links and a cascading standby', () => {
    const r = build([
      up(P, primaryReading([sender('s1')])),
      up(S1, standbyReading('s1', at(5432), { senders: [sender('s2')] })),
      up(S2, standbyReading('s2', at(5433))),
    ]);
    expect(r.sample.nodes.map((n) => [n.id, n.role, n.status.kind, n.timeline])).toEqual([
      [P, 'primary', 'up', 2],
      [S1, 'replica', 'up', 2],
      [S2, 'cascading-replica', 'up', 2],
    ]);
    expect(r.sample.links.map((l) => [l.id, l.state, l.label])).toEqual([
      [`${P}->${S1}`, 'streaming', 's1'],
      [`${S1}->${S2}`, 'streaming', 's2'],
    ]);
    expect(r.unmatched).toEqual([]);
    expect(r.sample.durationMs).toBe(5);
  });

  it('shows a walsender nobody matched as an unreachable node with a link and advice', () => {
    const r = build([up(P, primaryReading([sender('far', { clientAddr: '10.0.0.9', replayLsn: '0/4000000', replayLagMs: 1500 })]))]);
    const ghost = node(r, 'app:far@10.0.0.9');
    expect(ghost?.role).toBe('replica');
    expect(ghost?.status).toMatchObject({ kind: 'unreachable', since: NOW - 50 });
    expect(ghost?.status.kind === 'unreachable' && ghost.status.reason).toMatch(/add it as a seed or set discovery ports/);
    const link = r.sample.links[0];
    expect(link?.to).toBe('app:far@10.0.0.9');
    expect(link?.lag.bytes.replay).toBe(0x1000000);
    expect(link?.lag.ms.replay).toBe(1500);
  });

  it('warns about split brain, inactive slots and a missing pg_monitor', () => {
    const slot = { name: 'old', kind: 'physical', active: false, database: null, walStatus: 'extended', retainedBytes: 64 * 1024 * 1024 };
    const r = build([
      up(P, primaryReading([], { slots: [slot] })),
      up(S1, primaryReading([], { canReadStats: false, canReadFiles: false, startedAtMs: 1 })),
    ]);
    expect(r.sample.warnings.join('\n')).toMatch(/slot "old" on 127.0.0.1:5432 is inactive and retains 64.0 MB/);
    expect(r.sample.warnings.join('\n')).toMatch(/split brain/);
    expect(r.sample.warnings.join('\n')).toMatch(/GRANT pg_monitor TO monitor/);
    expect(node(r, S1)?.notes?.join('\n') ?? '').not.toMatch(/pg_read_file/);
    expect(r.sample.slots[0]).toMatchObject({ nodeId: P, name: 'old', active: false, retainedBytes: 64 * 1024 * 1024 });
  });
});

describe('buildSample: down or only unreachable', () => {
  it('a primary its standbys lost is down', () => {
    const lost = standbyReading('s1', null);
    const s1 = { ...up(S1, lost), upstreamId: P };
    const r = build([failed(P, primaryReading(), null), s1]);
    expect(node(r, P)?.status).toMatchObject({ kind: 'down', since: NOW - 1_000 });
    expect(node(r, S1)?.status.kind).toBe('degraded');
  });

  it('a primary its standbys still stream from is only unreachable', () => {
    const r = build([failed(P, primaryReading(), null), up(S1, standbyReading('s1', at(5432)))]);
    expect(node(r, P)?.status.kind).toBe('unreachable');
    expect(r.sample.links[0]?.state).toBe('streaming');
  });

  it('a standby its upstream stopped streaming to is down, and neither side reports its link', () => {
    const r = build([up(P, primaryReading([])), failed(S1, standbyReading('s1', at(5432)), P)]);
    expect(node(r, S1)?.status.kind).toBe('down');
    expect(node(r, S1)?.role).toBe('replica');
    expect(r.sample.links).toEqual([]);
  });

  it('a standby its upstream still streams to is only unreachable', () => {
    const r = build([up(P, primaryReading([sender('s1')])), failed(S1, standbyReading('s1', at(5432)), P, 'timeout')]);
    expect(node(r, S1)?.status.kind).toBe('unreachable');
    expect(r.sample.links[0]?.state).toBe('streaming');
  });

  it('a server that refuses our login is never called down', () => {
    const r = build([up(P, primaryReading([])), failed(S1, standbyReading('s1', at(5432)), P, 'auth-failed')]);
    expect(node(r, S1)?.status.kind).toBe('unreachable');
  });
});

describe('buildSample: the topology is what the servers report now (issue 10)', () => {
  it('a promoted standby keeps no link from its old upstream, however it is remembered', () => {
    // S1 was promoted; S2 was re-pointed to it; P (the old primary) still runs, with no walsender.
    const promoted = { ...up(S1, primaryReading([sender('s2')], { clusterName: 's1' })), upstreamId: P };
    const r = build([up(P, primaryReading([])), promoted, up(S2, standbyReading('s2', at(5433)))]);
    expect(r.sample.links.map((l) => [l.id, l.state])).toEqual([[`${S1}->${S2}`, 'streaming']]);
    expect(node(r, S1)?.role).toBe('primary');
  });

  it('a link the standby alone reports (upstream has no walsender row yet) exists, as broken while not streaming', () => {
    const waiting = standbyReading('s1', at(5432));
    const r = build([up(P, primaryReading([])), up(S1, { ...waiting, receiver: { ...waiting.receiver!, status: 'waiting' } })]);
    expect(r.sample.links.map((l) => [l.id, l.state])).toEqual([[`${P}->${S1}`, 'broken']]);
  });

  it('a hot standby is read-only by recovery, not fenced; a fenced primary is both and is not split brain', () => {
    const r = build([
      up(P, primaryReading([sender('s1')])),
      up(S1, standbyReading('s1', at(5432))),
      up(S2, primaryReading([], { clusterName: 'old', readOnly: true, startedAtMs: 5 })),
    ]);
    expect(node(r, S1)).toMatchObject({ readOnly: true, fenced: false });
    expect(node(r, P)).toMatchObject({ readOnly: false, fenced: false });
    expect(node(r, S2)).toMatchObject({ readOnly: true, fenced: true });
    expect(r.sample.warnings.join('\n')).not.toMatch(/split brain/);
  });

  it("a cascading link's replay time is its own, not its upstream's", () => {
    // S1 is 3 s behind P; S2 is 0.5 s behind S1.
    const r = build([
      up(P, primaryReading([sender('s1', { replayLsn: '0/4000000' })], { currentLsn: '0/5000000' })),
      up(S1, standbyReading('s1', at(5432), { receiveLsn: '0/4800000', replayLsn: '0/4800000', lastReplayAtMs: NOW - 3_000, senders: [sender('s2', { replayLsn: '0/4700000' })] })),
      up(S2, standbyReading('s2', at(5433), { receiveLsn: '0/4700000', replayLsn: '0/4700000', lastReplayAtMs: NOW - 3_500 })),
    ]);
    const cascade = r.sample.links.find((l) => l.id === `${S1}->${S2}`)!;
    expect(cascade.lag.bytes.replay).toBe(0x100000);
    expect(cascade.lag.ms.replay).toBe(500);
    expect(cascade.lag.source).toMatch(/cascading: its own lag/);
  });

  it('time lag under paused replay comes from the standby now, not the walsender reply every 10 s', () => {
    const r = build([
      up(P, primaryReading([sender('s1', { replayLsn: '0/4000000', replayLagMs: 10_000 })])),
      up(S1, standbyReading('s1', at(5432), { replayLsn: '0/4000000', replayPaused: true, lastReplayAtMs: NOW - 12_345 })),
    ]);
    const link = r.sample.links[0]!;
    expect(link.lag.ms.replay).toBe(12_345);
    expect(link.lag.source).toMatch(/last replayed commit/);
  });

  it('the pg_read_file note is on a node with subscriptions only', () => {
    const r = build([
      up(P, primaryReading([sender('s1')], { canReadFiles: false, subscriptionCount: 0 })),
      up(S1, standbyReading('s1', at(5432), { canReadFiles: false, subscriptionCount: 2 })),
      up(S2, primaryReading([], { canReadFiles: false, subscriptionCount: 1, readOnly: true, clusterName: 'sub', startedAtMs: 9 })),
    ]);
    const notes = (id: string) => (node(r, id)?.notes ?? []).filter((n) => /pg_read_file/.test(n));
    expect([notes(P).length, notes(S1).length, notes(S2).length]).toEqual([0, 0, 1]);
  });
});

describe('buildSample: a standby still trying an upstream that does not answer', () => {
  it('keeps its link, broken, while the upstream is down (nobody can deny it)', () => {
    const lost = standbyReading('s1', null);
    const r = build([failed(P, primaryReading(), null), { ...up(S1, lost), upstreamId: P }]);
    expect(r.sample.links.map((l) => [l.id, l.state])).toEqual([[`${P}->${S1}`, 'broken']]);
  });
});

describe('buildSample: a standby re-pointed between two reads of one sample', () => {
  it('is the known node streaming from its new upstream, not an unknown one (no ghost node, no false alarm)', () => {
    // S2 (the primary) died; S1 was promoted; P was re-pointed to S1. P was read just before its
    // receiver reconnected (it still names S2), S1 just after (it has a walsender for "p").
    const p = up(P, standbyReading('p', at(5434), { receiver: { ...standbyReading('p', at(5434)).receiver!, status: 'waiting' } }));
    const r = build([p, up(S1, primaryReading([sender('p')], { clusterName: 's1' })), failed(S2, primaryReading([], { clusterName: 's2' }), null)]);
    expect(r.sample.nodes.map((n) => n.id)).toEqual([P, S1, S2]);
    expect(r.unmatched).toEqual([]);
    expect(r.sample.links.map((l) => [l.id, l.state])).toContainEqual([`${S1}->${P}`, 'streaming']);
  });
});

describe('buildSample: new-user trial findings (issue 10, F3/F7/F9)', () => {
  it('F3: a promoted standby with a left-over primary_conninfo is no witness against its old primary', () => {
    // After a switchover: S1 was promoted (it still remembers P as its upstream), S2 streams from S1, P stopped.
    const promoted = { ...up(S1, primaryReading([sender('s2')], { clusterName: 's1' })), upstreamId: P };
    const r = build([failed(P, primaryReading([], { readOnly: true }), null), promoted, up(S2, standbyReading('s2', at(5433)))]);
    const status = node(r, P)?.status;
    expect(status?.kind).toBe('unreachable');
    expect(status?.kind !== 'up' && status?.kind !== 'degraded' && status?.reason).not.toMatch(/its standbys/);
  });

  it('F3: status texts name nodes by cluster_name, not address', () => {
    const down = build([up(P, primaryReading([])), failed(S1, standbyReading('s1', at(5432)), P)]);
    const s1 = node(down, S1)?.status;
    expect(s1?.kind === 'down' && s1.reason).toMatch(/^primary no longer streams WAL to it/);
    const lost = build([failed(P, primaryReading(), null), { ...up(S1, standbyReading('s1', null)), upstreamId: P }]);
    const p = node(lost, P)?.status;
    expect(p?.kind === 'down' && p.reason).toMatch(/^its standbys \(s1\) lost their connection/);
    const s1d = node(lost, S1)?.status;
    expect(s1d?.kind === 'degraded' && s1d.reason).toMatch(/^not streaming from primary:/);
    // Only the connection error (the failure's own text, after "does not answer:") may carry an address.
    expect(p?.kind === 'down' && p.reason.split('does not answer')[0]).not.toMatch(/127\.0\.0\.1/);
    expect(s1d?.kind === 'degraded' && s1d.reason).not.toMatch(/127\.0\.0\.1/);
  });

  it('F3: two nodes with the same cluster_name get their address beside it', () => {
    const r = build([up(P, primaryReading([])), failed(S1, standbyReading('primary', at(5432)), P)]);
    const s1 = node(r, S1)?.status;
    expect(s1?.kind === 'down' && s1.reason).toMatch(/^primary \(127\.0\.0\.1:5432\) no longer streams/);
  });

  it('F7: a node not read has its running facts unknown, never "no" nor its last values', () => {
    const r = build([
      failed(P, primaryReading([], { readOnly: true }), null),
      failed(S1, standbyReading('s1', at(5432), { replayPaused: false }), P),
      up(S2, standbyReading('s2', at(5432), { replayPaused: true })),
    ]);
    for (const id of [P, S1]) {
      const n = node(r, id)!;
      expect([n.readOnly, n.fenced, n.replayPaused, n.startedAt, n.position]).toEqual([undefined, undefined, undefined, null, null]);
    }
    expect(node(r, S2)).toMatchObject({ readOnly: true, fenced: false, replayPaused: true, startedAt: NOW - 60_000 });
  });
});

describe('buildSample: a hung primary (F9)', () => {
  const hungFor = (silentMs: number, timeoutMs: number | null = 60_000) => {
    const reading = standbyReading('s1', at(5432));
    return build([failed(P, primaryReading(), null, 'timeout'), up(S1, { ...reading, receiver: { ...reading.receiver!, lastMsgReceiptAtMs: NOW - silentMs, timeoutMs } })]);
  };

  it('a receiver that heard nothing past its ping (wal_receiver_timeout / 2 + 5 s) is not streaming: the primary is down', () => {
    const r = hungFor(36_000);
    const p = node(r, P)?.status;
    expect(p?.kind).toBe('down');
    expect(p?.kind === 'down' && p.reason).toMatch(/its standbys \(s1\) have heard nothing from it for 36 s/);
    expect(node(r, S1)?.status.kind).toBe('degraded');
    expect(r.sample.links.map((l) => [l.id, l.state, l.lag.ms.replay])).toEqual([[`${P}->${S1}`, 'broken', null]]);
  });

  it('an idle link is quiet up to the ping (measured 29.7 s on PG15): the primary is only unreachable', () => {
    expect(node(hungFor(29_700), P)?.status.kind).toBe('unreachable');
    expect(hungFor(29_700).sample.links[0]?.state).toBe('streaming');
    // With wal_receiver_timeout = 0 nobody pings: silence proves nothing.
    expect(node(hungFor(120_000, 0), P)?.status.kind).toBe('unreachable');
  });
});
