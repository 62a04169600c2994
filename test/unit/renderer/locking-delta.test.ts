import { beforeEach, describe, expect, it } from 'vitest';
import type { LockingSnapshot } from '../../../shared/model/locking';
import { MonitorDeltaSchema } from '../../../shared/ipc/delta';
import { applyDelta } from '../../../renderer/app/connect-stores';
import { useLocking, viewOf } from '../../../renderer/features/locking/store';
import { delta } from './fixtures';

const limits = { preparedAgeMs: 60_000, chainWaitMs: 30_000 };
const snap = (clusterId: string, takenAt: number, gid = 'g1'): LockingSnapshot => ({
  clusterId,
  takenAt,
  limits,
  nodes: [],
  inDoubt: [{ gid, nodes: ['p'], oldestPreparedAt: 1, missingOn: [], disagreement: null, overAge: false }],
  chains: [],
});

describe('locking snapshots in the delta stream', () => {
  beforeEach(() => useLocking.setState({ byCluster: {}, limitsSave: {} }, true));

  it('fills the locking store from deltas, newest wins, and forgets a removed cluster', () => {
    applyDelta(delta({ seq: 1, locking: [snap('c1', 2_000), snap('c2', 2_000, 'other')] }));
    const c1 = viewOf(useLocking.getState(), 'c1');
    expect(c1).toMatchObject({ kind: 'ready', snapshot: { takenAt: 2_000 } });
    expect(viewOf(useLocking.getState(), 'c2')).toMatchObject({ kind: 'ready', snapshot: { inDoubt: [{ gid: 'other' }] } });

    // An answer older than what the deltas already brought (a slow first request) does not win.
    applyDelta(delta({ seq: 2, locking: [snap('c1', 1_000, 'stale')] }));
    expect(viewOf(useLocking.getState(), 'c1')).toBe(c1);
    applyDelta(delta({ seq: 3, locking: [snap('c1', 3_000, 'g2')] }));
    expect(viewOf(useLocking.getState(), 'c1')).toMatchObject({ snapshot: { takenAt: 3_000, inDoubt: [{ gid: 'g2' }] } });

    applyDelta(delta({ seq: 4, removedClusterIds: ['c1'] }));
    expect(useLocking.getState().byCluster.c1).toBeUndefined();
    expect(viewOf(useLocking.getState(), 'c2').kind).toBe('ready');
  });

  it('is part of the delta schema, empty by default for older senders', () => {
    const parsed = MonitorDeltaSchema.parse({ seq: 0, at: 1, clusters: [], removedClusterIds: [], samples: [], events: [], lagPoints: [], dropped: 0 });
    expect(parsed.locking).toEqual([]);
    expect(MonitorDeltaSchema.safeParse(delta({ locking: [snap('c1', 1)] })).success).toBe(true);
    expect(MonitorDeltaSchema.safeParse({ ...delta(), locking: [{ clusterId: 'c1' }] }).success).toBe(false);
  });
});
