import { describe, expect, it } from 'vitest';
import { delta, sample, store, tempFile } from './fixtures';

const T0 = Date.UTC(2026, 11, 7, 15, 0, 0);

describe('gaps when ReplicaDesk was not watching', () => {
  it('a kill -9 of 28 s (no clean end) is a gap on the timeline, in "since you were away", and at a moment in it', () => {
    const file = tempFile();
    const clock = { t: T0 };
    let h = store(file, clock);
    for (let i = 0; i <= 60; i++) h.ingest(delta({ samples: [sample('c1', T0 + i * 1000, 'a', ['b'])] }));
    h.flush(); // the last flush before the crash: T0 + 60 s
    clock.t = T0 + 61_000;
    expect(h.since('window-1').since).toBeNull();
    h.seen('window-1');
    h.ingest(delta({ samples: [sample('c1', T0 + 61_000, 'a', ['b'])] })); // queued, never flushed: killed
    // no close(): the process was killed; a new process opens the same file 28 s later
    const back = T0 + 89_000;
    clock.t = back;
    h = store(file, clock);
    for (let i = 0; i < 10; i++) h.ingest(delta({ samples: [sample('c1', back + i * 1000, 'a', ['b'])] }));
    h.flush();
    clock.t = back + 10_000;

    const gaps = h.markers('c1', T0, clock.t, 100).filter((m) => m.kind === 'gap');
    expect(gaps).toEqual([expect.objectContaining({ at: T0 + 60_000, endAt: back })]);
    expect(h.at('c1', T0 + 75_000).sample).toBeNull();
    expect(h.at('c1', T0 + 75_000).note).toMatch(/not watching/);
    expect(h.at('c1', T0 + 30_000).sample).not.toBeNull();

    const since = h.since('window-2').items.filter((i) => i.kind === 'gap');
    expect(since.map((i) => i.title)).toEqual(['ReplicaDesk was not watching from 15:01:00 to 15:01:29 UTC (29 s)']);
    h.close();
  });

  it('samples a few intervals apart are one watched span (no gap for jitter)', () => {
    const clock = { t: T0 };
    const h = store(tempFile(), clock);
    for (let i = 0; i < 30; i++) h.ingest(delta({ samples: [sample('c1', T0 + i * 1000 + (i % 3) * 700, 'a', ['b'])] }));
    h.ingest(delta({ samples: [sample('c1', T0 + 34_000, 'a', ['b'])] })); // one late sample, ~4 s
    h.flush();
    expect(h.markers('c1', T0, T0 + 40_000, 100).filter((m) => m.kind === 'gap')).toEqual([]);
    h.close();
  });
});
