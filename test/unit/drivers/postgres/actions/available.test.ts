import { describe, expect, it } from 'vitest';
import { availableActions } from '../../../../../electron/drivers/postgres/actions/available';
import { buildSample } from '../../../../../electron/drivers/postgres/build-sample';
import type { NodeView } from '../../../../../electron/drivers/postgres/node-view';
import { failed, NOW, primaryReading, sender, standbyReading, up } from '../fixtures';

const P = '127.0.0.1:5432';
const S1 = '127.0.0.1:5433';
const S2 = '127.0.0.1:5434';
const at = (port: number) => ({ host: '127.0.0.1', port });

function actions(views: NodeView[], hostControls = false) {
  const { sample } = buildSample({ clusterId: 'c', takenAt: NOW, now: NOW, views, queriesPerNode: 1, ghostMemory: () => ({ since: NOW, probeNote: null }) });
  const all = availableActions(sample, { maxLagBytes: 1024 * 1024, maxLagMs: 10_000, hostControls: () => hostControls });
  return (id: string, kind: string) => all.find((a) => a.nodeId === id)?.actions.find((a) => a.kind === kind);
}

describe('availableActions', () => {
  it('offers switchover to a caught-up standby, and says why not to a lagging one', () => {
    const get = actions([
      up(P, primaryReading([sender('s1'), sender('s2', { replayLsn: '0/4200000', flushLsn: '0/4200000', writeLsn: '0/4200000', sentLsn: '0/4200000' })])),
      up(S1, standbyReading('s1', at(5432))),
      up(S2, standbyReading('s2', at(5432), { receiveLsn: '0/4200000', replayLsn: '0/4200000' })),
    ]);
    expect(get(S1, 'switchover')).toEqual({ kind: 'switchover', available: true, why: null });
    expect(get(S2, 'switchover')).toEqual({ kind: 'switchover', available: false, why: 'lag 14.0 MB > 1.0 MB limit' });
    expect(get(S1, 'failover')?.why).toBe('primary is up: switch over instead'); // a node named "primary": not "the primary primary"
    expect(get(P, 'fence')).toMatchObject({ available: true });
    expect(get(P, 'unfence')).toMatchObject({ available: false, why: 'already accepts writes' });
    expect(get(P, 'rejoin')).toMatchObject({ available: false, why: 'needs the agent on that host' });
  });

  it('offers failover when the primary is down, and explains a paused standby', () => {
    const primary = primaryReading([sender('s1'), sender('s2')]);
    const gone = (name: string, port: number, over = {}) => {
      const r = standbyReading(name, at(5432), over);
      return up(`127.0.0.1:${port}`, { ...r, receiver: r.receiver && { ...r.receiver, status: 'waiting' } });
    };
    const get = actions([failed(P, primary, null), gone('s1', 5433), gone('s2', 5434, { replayPaused: true })]);
    expect(get(S1, 'failover')).toMatchObject({ available: true });
    expect(get(S1, 'switchover')?.why).toBe('no primary answers: fail over instead');
    expect(get(S2, 'failover')).toMatchObject({ available: false, why: 'replay is paused' });
    expect(get(P, 'fence')?.why).toMatch(/is (down|unreachable)/);
  });

  it('offers rejoin for an old primary beside the writable one when the agent runs there', () => {
    const get = actions([up(P, primaryReading([], { readOnly: true })), up(S1, primaryReading([]))], true);
    expect(get(P, 'rejoin')).toMatchObject({ available: true });
    expect(get(P, 'unfence')?.why).toMatch(/is the writable primary: unfencing makes a split brain/);
  });

  it('two fenced primaries (the new one fenced after a switchover): only the newest timeline may be unfenced (trial 21)', () => {
    const oldSide = primaryReading([], { readOnly: true, clusterName: 'n1', walFile: '000000010000000000000003' });
    const newSide = primaryReading([], { readOnly: true, clusterName: 'n2', walFile: '000000020000000000000004' });
    const get = actions([up(P, oldSide), up(S1, newSide)]);
    expect(get(P, 'unfence')).toMatchObject({ available: false, why: expect.stringMatching(/^n2 is on a newer timeline \(2 > 1\): n1 is the old side; unfencing it makes a primary on a diverged timeline/) });
    expect(get(S1, 'unfence')).toMatchObject({ available: true });
  });

  it('a fenced old primary beside the new one: no "already the primary"; says it is the old primary and how it comes back', () => {
    const fencedOld = primaryReading([], { readOnly: true, clusterName: 'n1' });
    const get = actions([up(P, fencedOld), up(S1, primaryReading([], { clusterName: 'n2' }))]);
    expect(get(P, 'switchover')).toEqual({ kind: 'switchover', available: false, why: 'n1 is the fenced old primary: rejoin it as a standby of n2' });
    expect(get(P, 'failover')?.why).toBe('n1 is the fenced old primary: rejoin it as a standby of n2');
    expect(get(P, 'rejoin')).toMatchObject({ available: false, why: 'needs the agent on that host: rejoin n1 as a standby of n2 by hand (pg_rewind, standby.signal, start)' });
    // The writable primary is still "already the primary".
    expect(get(S1, 'switchover')?.why).toBe('already the primary');
  });
});
