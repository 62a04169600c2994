import { describe, expect, it } from 'vitest';
import { clusterHeadline } from '../../../electron/core/cluster-state/headline';
import { availableActions } from '../../../electron/drivers/postgres/actions/available';
import { buildSample } from '../../../electron/drivers/postgres/build-sample';
import { NOW, primaryReading, up } from '../drivers/postgres/fixtures';

describe('fenced old primary headline: the by-hand rejoin text is the engine’s', () => {
  it('PostgreSQL keeps its pg_rewind advice, now supplied by its driver (byHand), not by core', () => {
    const views = [up('127.0.0.1:5432', primaryReading([], { readOnly: true, clusterName: 'n1' })), up('127.0.0.1:5433', primaryReading([], { clusterName: 'n2' }))];
    const { sample } = buildSample({ clusterId: 'c', takenAt: NOW, now: NOW, views, queriesPerNode: 1, ghostMemory: () => ({ since: NOW, probeNote: null }) });
    const available = availableActions(sample, { maxLagBytes: 1 << 20, maxLagMs: 10_000, hostControls: () => false });
    const h = clusterHeadline({ sample, kind: 'primary-replica', available, limits: { lagThresholdBytes: 1e9, lagThresholdMs: 1e9 }, previous: null });
    expect(h.suggestion).toEqual({ kind: null, target: null, text: 'rejoin n1 as a standby of n2 (by hand: pg_rewind, standby.signal)' });
    // Without the driver's advice core names no engine's commands.
    const bare = clusterHeadline({ sample, kind: 'primary-replica', available: [], limits: { lagThresholdBytes: 1e9, lagThresholdMs: 1e9 }, previous: null });
    expect(bare.suggestion?.text).not.toMatch(/pg_rewind|CHANGE MASTER/);
  });
});
