import { beforeEach, describe, expect, it } from 'vitest';
import type { DeskApi } from '../../../shared/ipc/api';
import { fail, ok } from '../../../shared/result';
import { describeFault, injectFault, outcomeOf, useSandbox } from '../../../renderer/features/sandbox/store';
import { pickChartLinks } from '../../../renderer/features/lag/pick';
import { latestValue } from '../../../renderer/features/lag/chart-data';
import { reconcile, emptyNormalized } from '../../../renderer/lib/normalized';
import type { ReplicationLink } from '../../../shared/model/link';
import { link, point } from './fixtures';
import { resetStores } from './reset';

beforeEach(resetStores);

describe('sandbox faults', () => {
  it('records running, then the detail or the failure reason', async () => {
    const sent: unknown[] = [];
    const api: Pick<DeskApi, 'invoke'> = {
      invoke: (async (_channel: string, req: { fault: { kind: string } }) => {
        sent.push(req);
        return req.fault.kind === 'kill-node' ? ok({ detail: 'n2 is down' }) : fail('not-found', 'no link into n9');
      }) as DeskApi['invoke'],
    };
    const kill = injectFault(api, 'c1', { kind: 'kill-node', nodeId: 'n2' }, () => 42);
    expect(outcomeOf(useSandbox.getState(), 'c1').kind).toBe('running');
    await kill;
    expect(outcomeOf(useSandbox.getState(), 'c1')).toEqual({ kind: 'done', fault: { kind: 'kill-node', nodeId: 'n2' }, detail: 'n2 is down', at: 42 });
    await injectFault(api, 'c1', { kind: 'cut-link', to: 'n9' }, () => 43);
    expect(outcomeOf(useSandbox.getState(), 'c1')).toMatchObject({ kind: 'failed', reason: 'no link into n9', code: 'not-found' });
    expect(sent).toEqual([
      { clusterId: 'c1', fault: { kind: 'kill-node', nodeId: 'n2' } },
      { clusterId: 'c1', fault: { kind: 'cut-link', to: 'n9' } },
    ]);
    expect(outcomeOf(useSandbox.getState(), 'other').kind).toBe('idle');
  });

  it('describes every fault kind', () => {
    expect(describeFault({ kind: 'slow-link', from: 'a', to: 'b', delayMs: 200, bandwidthBytesPerSec: null })).toBe('slow link a → b (200 ms)');
    expect(describeFault({ kind: 'same-key', nodeIds: ['a', 'b'] })).toBe('same key on a and b');
    expect(describeFault({ kind: 'write-rate', writesPerSecond: 5 })).toBe('write rate 5/s');
  });
});

describe('pickChartLinks', () => {
  const links = reconcile(emptyNormalized<ReplicationLink>(), [link('p', 'a'), link('p', 'b'), link('a', 'c'), link('p', 'd'), link('p', 'e')], (l) => l.id);

  it('charts the selection first and never more than the maximum', () => {
    expect(pickChartLinks(links, { kind: 'none' })).toEqual(['p->a', 'p->b', 'a->c', 'p->d']);
    expect(pickChartLinks(links, { kind: 'link', linkId: 'p->e' })[0]).toBe('p->e');
    expect(pickChartLinks(links, { kind: 'node', nodeId: 'a' }).slice(0, 2)).toEqual(['p->a', 'a->c']);
    expect(pickChartLinks(links, { kind: 'none' }, 2)).toHaveLength(2);
    expect(pickChartLinks(undefined, { kind: 'none' })).toEqual([]);
  });

  it('reports the newest headline value for the chart attribute', () => {
    expect(latestValue([point(1, 10, 5), point(2, 20, 7)], 'bytes')).toBe(20);
    expect(latestValue([point(2, 20, 7)], 'ms')).toBe(7);
    expect(latestValue([], 'ms')).toBeNull();
  });
});
