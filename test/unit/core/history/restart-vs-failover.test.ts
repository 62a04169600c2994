import { describe, expect, it } from 'vitest';
import type { ClusterSample } from '../../../../shared/model/sample';
import { delta, sample, store, tempFile } from './fixtures';

const T0 = 1_700_000_000_000;

/** A sample where nodes carry display names and the primary may be down. */
function named(at: number, primary: string, replicas: string[], primaryDown = false): ClusterSample {
  const s = sample('c1', at, primary, replicas);
  s.nodes = s.nodes.map((n) => ({ ...n, address: `127.0.0.1:${n.id}`, name: `db-${n.id}`, ...(n.id === primary && primaryDown ? { role: 'unknown' as const, status: { kind: 'unreachable' as const, since: at, reason: 'refused' } } : {}) }) as typeof n);
  return s;
}

describe('restart vs failover', () => {
  it('a primary stopped and started again is a restart event, not a failover; a different node is a failover, named by display name', () => {
    const clock = { t: T0 };
    const h = store(tempFile(), clock);
    let t = T0;
    const feed = (s: ClusterSample) => h.ingest(delta({ samples: [s] }));
    for (let i = 0; i < 5; i++) feed(named((t += 1000), 'a', ['b']));
    for (let i = 0; i < 5; i++) feed(named((t += 1000), 'a', ['b'], true)); // stopped
    const back = (t += 1000);
    feed(named(back, 'a', ['b'])); // started again, same node
    for (let i = 0; i < 3; i++) feed(named((t += 1000), 'a', ['b']));
    h.flush();
    clock.t = t + 1000;
    let marks = h.markers('c1', T0, clock.t, 100);
    expect(marks.filter((m) => m.kind === 'failover')).toEqual([]);
    expect(marks.find((m) => m.kind === 'event' && m.at === back)?.title).toMatch(/db-a returned as primary/);
    expect(h.since('s-old').items).toEqual([]); // first session: baseline
    h.seen('s-old');

    t += 5000;
    const switched = (t += 1000);
    feed(named(switched, 'b', ['a']));
    h.flush();
    clock.t = t + 1000;
    marks = h.markers('c1', T0, clock.t, 100);
    const failovers = marks.filter((m) => m.kind === 'failover');
    expect(failovers).toHaveLength(1);
    expect(failovers[0]).toMatchObject({ at: switched, title: 'new primary: db-a → db-b' });
    const since = h.since('s-new').items.filter((i) => i.kind === 'failover');
    expect(since.map((i) => i.title)).toEqual(['new primary: db-b (was db-a)']);
    h.close();
  });

  it('the same node returning as primary after the app restarted (memory reloaded from the file) is still a restart', () => {
    const file = tempFile();
    const clock = { t: T0 };
    let h = store(file, clock);
    h.ingest(delta({ samples: [named(T0 + 1000, 'a', ['b']), named(T0 + 2000, 'a', ['b'], true)] }));
    h.close();
    h = store(file, clock);
    h.ingest(delta({ samples: [named(T0 + 60_000, 'a', ['b'])] }));
    h.flush();
    expect(h.markers('c1', T0, T0 + 120_000, 100).filter((m) => m.kind === 'failover')).toEqual([]);
    h.close();
  });
});
