import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import type { DeskApi } from '../../../shared/ipc/api';
import { fail, ok, type Result } from '../../../shared/result';
import { connectStores } from '../../../renderer/app/connect-stores';
import { useConnection } from '../../../renderer/app/connection-store';
import { createElectronClient } from '../../../renderer/api/electron-client';
import type { ConnectionStatus, DeskClient } from '../../../renderer/api/types';
import { selectCluster, useClusters } from '../../../renderer/features/clusters/store';
import { useEvents } from '../../../renderer/features/events/store';
import { loadLagHistory, seriesOf, useLag } from '../../../renderer/features/lag/store';
import { selectNode, useSelection } from '../../../renderer/features/topology/selection';
import { useTopology } from '../../../renderer/features/topology/store';
import { cluster, delta, event, node, point, sample } from './fixtures';
import { run } from './action-fixtures';
import { useRuns } from '../../../renderer/features/failover/runs-store';
import { resetStores } from './reset';

beforeEach(resetStores);

/** An in-memory DeskClient whose status the test drives (like raft's inmem transport). */
function fakeClient(answers: Partial<{ [C in Channel]: (req: RequestOf<C>) => Result<ResponseOf<C>> }>) {
  let status: ConnectionStatus = { kind: 'connecting', attempt: 1 };
  const deltaListeners = new Set<(d: MonitorDelta) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  const calls: string[] = [];
  const client: DeskClient = {
    transport: 'web',
    label: 'fake',
    demo: false,
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      calls.push(channel);
      // An empty conflict inbox unless a test says otherwise (resync always asks for it).
      const all = { 'conflicts:list': () => ok({ conflicts: [], counts: [], policies: {} }), ...answers };
      const answer = all[channel as keyof typeof all] as ((req: RequestOf<C>) => Result<ResponseOf<C>>) | undefined;
      return answer ? answer(request) : fail('unhandled', channel);
    },
    onDelta: (l) => (deltaListeners.add(l), () => deltaListeners.delete(l)),
    status: () => status,
    onStatus: (l) => (statusListeners.add(l), () => statusListeners.delete(l)),
    dispose: () => undefined,
  };
  return {
    client,
    calls,
    setStatus(s: ConnectionStatus) {
      status = s;
      for (const l of statusListeners) l(s);
    },
    push: (d: MonitorDelta) => deltaListeners.forEach((l) => l(d)),
    listenerCount: () => deltaListeners.size + statusListeners.size,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('connectStores', () => {
  it('loads clusters, snapshots and events on open, then applies deltas; unwires on dispose', async () => {
    const fake = fakeClient({
      'clusters:list': () => ok([cluster('c1'), cluster('c2')]),
      'clusters:snapshot': (req) => ok(req.clusterId === 'c1' ? sample('c1', 5, [node('a')]) : null),
      'events:list': () => ok([event('e1', 'c1', 1)]),
      'actions:list': () => ok([run('i1', 'interrupted', {}, 'the app stopped during promote')]),
    });
    const off = connectStores(fake.client);
    expect(fake.calls).toEqual([]);
    fake.setStatus({ kind: 'open', since: 1 });
    await flush();
    await flush();
    expect(useClusters.getState().ids).toEqual(['c1', 'c2']);
    expect(useTopology.getState().byCluster.c1?.nodes.ids).toEqual(['a']);
    expect(useEvents.getState().ids).toEqual(['e1']);
    expect(useRuns.getState().byId.i1?.status).toBe('interrupted');
    expect(useConnection.getState().status.kind).toBe('open');
    fake.push(delta({ seq: 9, events: [event('e2', 'c2', 2)] }));
    expect(useEvents.getState().ids).toEqual(['e2', 'e1']);
    off();
    expect(fake.listenerCount()).toBe(0);
  });

  it('after a reconnect, drops clusters the core no longer has and refetches lag history', async () => {
    const list = [cluster('c1'), cluster('c2')];
    const fake = fakeClient({
      'clusters:list': () => ok(list),
      'clusters:snapshot': () => ok(null),
      'events:list': () => ok([]),
      'actions:list': () => ok([]),
    });
    connectStores(fake.client);
    fake.setStatus({ kind: 'open', since: 1 });
    await flush();
    useLag.setState((s) => ({ ...s, history: { 'c1\nl': 'loaded' } }));
    list.pop();
    fake.setStatus({ kind: 'waiting', reason: 'gone', retryAt: 2, attempt: 1 });
    fake.setStatus({ kind: 'open', since: 3 });
    await flush();
    expect(useClusters.getState().ids).toEqual(['c1']);
    expect(useLag.getState().history).toEqual({});
  });

  it('clears the node selection when another cluster is selected', () => {
    const fake = fakeClient({});
    connectStores(fake.client);
    useClusters.setState({ ids: ['c1', 'c2'], byId: { c1: cluster('c1'), c2: cluster('c2') }, selectedId: 'c1' });
    selectNode('a');
    selectCluster('c2');
    expect(useSelection.getState().selection).toEqual({ kind: 'none' });
  });
});

describe('loadLagHistory', () => {
  it('loads once, merges before live points, and may retry after a failure', async () => {
    let answer: Result<ResponseOf<'lag:history'>> = fail('boom', 'no metrics yet');
    const invoke = vi.fn(async () => answer) as unknown as Pick<DeskApi, 'invoke'>['invoke'];
    await loadLagHistory({ invoke }, 'c1', 'l');
    expect(useLag.getState().history['c1\nl']).toBe('failed');
    answer = ok([point(1_000), point(2_000)]);
    useLag.setState((s) => ({ ...s, series: { 'c1\nl': [point(3_000)] } }));
    await loadLagHistory({ invoke }, 'c1', 'l');
    await loadLagHistory({ invoke }, 'c1', 'l');
    expect(invoke).toHaveBeenCalledTimes(2);
    expect(seriesOf(useLag.getState(), 'c1', 'l').map((p) => p.at)).toEqual([1_000, 2_000, 3_000]);
  });
});

describe('createElectronClient', () => {
  it('forwards invoke and validates pushed deltas from the preload', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let listener: ((d: MonitorDelta) => void) | null = null;
    const api: DeskApi = {
      transport: 'electron',
      invoke: async () => ok([]) as never,
      onDelta: (l) => ((listener = l), () => (listener = null)),
    };
    const client = createElectronClient(api);
    const got: MonitorDelta[] = [];
    const off = client.onDelta((d) => got.push(d));
    listener!({ seq: -1 } as unknown as MonitorDelta);
    listener!(delta({ seq: 2 }));
    expect(got.map((d) => d.seq)).toEqual([2]);
    expect(warn).toHaveBeenCalledOnce();
    off();
    expect(listener).toBeNull();
    expect(client.status().kind).toBe('open');
    warn.mockRestore();
  });
});
