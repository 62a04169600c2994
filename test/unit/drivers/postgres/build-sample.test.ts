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
    expect(node(r, S1)?.notes?.join('\n')).toMatch(/pg_read_file\(text, bigint, bigint\)/);
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

  it('a standby its upstream stopped streaming to is down, with a broken link', () => {
    const r = build([up(P, primaryReading([])), failed(S1, standbyReading('s1', at(5432)), P)]);
    expect(node(r, S1)?.status.kind).toBe('down');
    expect(node(r, S1)?.role).toBe('replica');
    expect(r.sample.links[0]).toMatchObject({ from: P, to: S1, state: 'broken' });
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
